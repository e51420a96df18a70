package com.fleetlink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.bench.registry.BenchFlags;
import com.fleetlink.bench.registry.BenchMain;
import com.fleetlink.bench.registry.RepeatedRatio;
import com.fleetlink.bench.registry.Spread;
import com.fleetlink.testkit.JavaProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@link FrameDecodeBenchmark} as the report runs it: the JMH command once in full (every method, the
 * JSON the section's table shows), then more legs of only the two methods of the judged ratio, {@code
 * parse} and {@code crcOnly} of the 20-record frame, each leg run back to back in its own forks. JMH runs
 * one method's iterations after another's, so a machine whose load moves within a run moves one side
 * of a single ratio only; a ratio per leg, the legs' order alternating, shows that spread and judges
 * the median (issue 14: a pass must not rest on one lucky leg). {@code parse}'s own records/s is
 * reported over the same legs.
 */
public final class DecodeRatioLegs {
    private static final String CLASS = FrameDecodeBenchmark.class.getName() + ".";
    private static final String PARSE = "codec8e20Records_parse";
    private static final String CRC_ONLY = "codec8e20Records_crcOnly";

    private DecodeRatioLegs() {
    }

    public static void main(String[] args) {
        BenchMain.run("decode", args, Duration.ofMinutes(10), flags -> {
            int legs = flags.integer("legs", 5, "legs in all; the first runs the whole JMH command, the others parse and crcOnly");
            String jmh = flags.text("jmh", "-p buffer=direct -f 1 -wi 3 -i 5 -w 1s -r 1s",
                    "JMH's options for every leg, without a benchmark pattern: the legs choose their methods");
            if (legs < 1) {
                throw new BenchFlags.UsageException("--legs must be at least 1");
            }
            return session -> run(legs, jmh, session.dir().resolve("decode-jmh.json"));
        });
    }

    private static Map<String, Object> run(int legs, String jmhOptions, Path jmhJson) throws Exception {
        Options full = new OptionsBuilder().parent(commandLine(jmhOptions)).include(only("[a-zA-Z0-9]+_[a-zA-Z]+"))
                .resultFormat(ResultFormatType.JSON).result(jmhJson.toString()).build();
        List<Map<String, Object>> pairs = new ArrayList<>();
        Map<String, Double> first = new LinkedHashMap<>();
        for (RunResult r : new Runner(full).run()) {
            String method = r.getParams().getBenchmark().replace(CLASS, "");
            if ((method.equals(PARSE) || method.equals(CRC_ONLY)) && "direct".equals(r.getParams().getParam("buffer"))) {
                first.put(method, r.getPrimaryResult().getScore());
            }
        }
        if (first.size() != 2) {
            throw new IllegalStateException("the JMH command must run " + PARSE + " and " + CRC_ONLY + " on a direct buffer");
        }
        pairs.add(leg(1, "whole command", first.get(PARSE), first.get(CRC_ONLY)));
        for (int leg = 2; leg <= legs; leg++) {
            // Alternating which side goes first: a machine that drifts one way favours neither over the legs.
            boolean parseFirst = leg % 2 == 0;
            double parse;
            double crcOnly;
            if (parseFirst) {
                parse = score(jmhOptions, PARSE);
                crcOnly = score(jmhOptions, CRC_ONLY);
            } else {
                crcOnly = score(jmhOptions, CRC_ONLY);
                parse = score(jmhOptions, PARSE);
            }
            pairs.add(leg(leg, parseFirst ? "parse, then crcOnly" : "crcOnly, then parse", parse, crcOnly));
            BenchMain.say("leg %d: parse ÷ crcOnly %.3f", leg, parse / crcOnly);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jmh", new ObjectMapper().readTree(jmhJson.toFile()));
        out.put("legs", pairs);
        out.put("parseToCrcOnly", RepeatedRatio.within(pairs, "parse", "crcOnly").toJson());
        // The absolute figure over the same legs, so one disturbed leg cannot decide it either.
        out.put("parseRecordsPerSecond", Spread.of(pairs, "parse").toJson("legs"));
        return out;
    }

    private static double score(String jmhOptions, String method) throws RunnerException, CommandLineOptionException {
        Options one = new OptionsBuilder().parent(commandLine(jmhOptions))
                .include(only(Pattern.quote(method))).param("buffer", "direct").build();
        return new Runner(one).runSingle().getPrimaryResult().getScore();
    }

    /** A pattern for the benchmark's methods that {@code method} (a regular expression) matches. */
    private static String only(String method) {
        return "^" + Pattern.quote(CLASS) + method + "$";
    }

    private static Options commandLine(String command) throws CommandLineOptionException {
        return new CommandLineOptions(JavaProgram.options(command).toArray(String[]::new));
    }

    private static Map<String, Object> leg(int n, String order, double parse, double crcOnly) {
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("leg", n);
        leg.put("order", order);
        leg.put("parse", parse);
        leg.put("crcOnly", crcOnly);
        return leg;
    }
}
