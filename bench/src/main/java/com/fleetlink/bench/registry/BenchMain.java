package com.fleetlink.bench.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every benchmark main shares: flag parsing, the session with its time limit and cleanup, the
 * machine line, and the final one-line JSON on stdout. Exit codes: 0 measured (whether or not the
 * targets were met: the JSON says), 1 the run failed (or a check's figures failed it), 2 usage error.
 */
public final class BenchMain {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One benchmark, configured from its flags, run once in a session. */
    public interface Bench {
        /** Runs and returns the figures for the JSON line, in order. */
        Map<String, Object> run(BenchSession session) throws Exception;

        /**
         * The exit code for figures that were measured: 0 unless the benchmark is also a check
         * whose figures can fail it (then {@link #EXIT_FAILED}).
         */
        default int exitCode(Map<String, Object> figures) {
            return 0;
        }
    }

    private BenchMain() {
    }

    public static void run(String program, String[] args, Duration defaultTimeLimit, Function<BenchFlags, Bench> configure) {
        // Every main calls this directly, so the caller is the class to name in the usage line.
        String mainClass = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getName();
        Bench bench;
        Duration timeLimit;
        boolean keepDir;
        try {
            BenchFlags flags = BenchFlags.parse(program, mainClass, args);
            bench = configure.apply(flags);
            timeLimit = flags.duration("time-limit", defaultTimeLimit.toSeconds() + "s",
                    "the run is stopped, and every child process with it, after this long");
            keepDir = Boolean.parseBoolean(flags.text("keep-dir", "false", "keep the scratch directory (logs, event log)"));
            flags.done();
        } catch (BenchFlags.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", program);
        result.put("machine", Machine.describe());
        result.put("loadAverageAtStart", ProcFs.loadAverage());
        int exit = 0;
        try (BenchSession session = BenchSession.open(program, timeLimit, keepDir)) {
            Map<String, Object> figures = bench.run(session);
            result.putAll(figures);
            exit = bench.exitCode(figures);
        } catch (BenchFlags.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
        } catch (Exception | AssertionError e) {
            // An AssertionError is a deadline that passed in a wait of the test kit: a failed run too.
            System.err.println(program + ": failed: " + e);
            e.printStackTrace(System.err);
            result.put("error", e.toString());
            exit = EXIT_FAILED;
        }
        result.put("loadAverageAtEnd", ProcFs.loadAverage());
        try {
            System.out.println(JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        System.out.flush();
        System.exit(exit);
    }

    /** Prints one line of the human summary (stdout, before the JSON line). */
    public static void say(String format, Object... args) {
        System.out.println(String.format(java.util.Locale.ROOT, format, args));
        System.out.flush();
    }
}
