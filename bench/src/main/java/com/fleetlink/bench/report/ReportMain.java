package com.fleetlink.bench.report;

import com.fleetlink.bench.registry.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the results directory that {@code bench/report} filled into the markdown report. Usage:
 * {@code ReportMain --results DIR --out FILE --command TEXT --started EPOCH_SECONDS --commit TEXT
 * --load-before TEXT [--quick] [--only ID]}; {@code --only} renders that one benchmark's rows and
 * section alone. Prints one line per table row to stdout. Exit codes: 0 written (whatever the
 * figures say), 1 the file could not be written, 2 usage.
 */
public final class ReportMain {
    /** The benchmarks in the order the script runs them and the report lists them. */
    static final List<Section> SECTIONS = List.of(new DecodeSection(), new IdleMemorySection(), new EndToEndSection(),
            new KafkaSinkSection(), new SidecarThroughputSection(), new StormSection(), new ConvergenceSection(),
            new TelemetryCostSection(), new RedisHangSection(), new CoreSimulationSection(), new JanitorSection(),
            new HandshakeFloodSection(), new DrainSection(), new CommandsSection());
    private static final List<String> REQUIRED = List.of("--results", "--out", "--command", "--started", "--commit", "--load-before");
    private static final String ONLY = "--only";

    private ReportMain() {
    }

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if ((REQUIRED.contains(args[i]) || args[i].equals(ONLY)) && i + 1 < args.length) {
                flags.put(args[i], args[++i]);
            } else {
                usage("unexpected argument " + args[i]);
            }
        }
        for (String flag : REQUIRED) {
            if (!flags.containsKey(flag)) {
                usage("missing " + flag);
            }
        }
        Instant started;
        try {
            started = Instant.ofEpochSecond(Long.parseLong(flags.get("--started")));
        } catch (NumberFormatException e) {
            usage("--started must be seconds since the epoch, not " + flags.get("--started"));
            return;
        }
        List<Section> sections = flags.containsKey(ONLY) ? only(flags.get(ONLY)) : SECTIONS;
        Path results = Path.of(flags.get("--results"));
        List<BenchmarkRun> runs = sections.stream().map(s -> BenchmarkRun.load(results, s.id())).toList();
        Header header = new Header(quick, flags.get("--command"),
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(started.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)),
                Instant.now().getEpochSecond() - started.getEpochSecond(), flags.get("--commit"), flags.get("--load-before"),
                Machine.loadAverage(), Machine.describe());
        String markdown = MarkdownReport.render(header, sections, runs);
        Path out = Path.of(flags.get("--out"));
        try {
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("report: cannot write " + out + ": " + e.getMessage());
            System.exit(1);
        }
        for (int i = 0; i < sections.size(); i++) {
            for (Figure figure : sections.get(i).figures()) {
                Row row = figure.evaluate(runs.get(i));
                System.out.println(row.verdict() + " | " + row.figure() + " | " + row.value());
            }
        }
    }

    /** The one section named {@code id}. */
    static List<Section> only(String id) {
        List<Section> one = SECTIONS.stream().filter(s -> s.id().equals(id)).toList();
        if (one.isEmpty()) {
            usage("--only " + id + ": no such benchmark; one of " + SECTIONS.stream().map(Section::id).toList());
        }
        return one;
    }

    private static void usage(String problem) {
        System.err.println("ReportMain: " + problem + "; usage: ReportMain --results DIR --out FILE --command TEXT "
                + "--started EPOCH_SECONDS --commit TEXT --load-before TEXT [--quick] [--only ID]");
        System.exit(2);
    }
}
