package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Header HEADER = new Header(true, "bench/report --quick", "2026-11-27T10:00:00", 185, "abc1234",
            "1.00 0.50 0.25", "1.50 0.75 0.30", Map.of("nproc", 2, "cpu", "Test CPU", "memTotal", "2097152 kB"));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void atLeastTargetsPassAtTheBoundAndSayHowFarShortTheyFall() {
        Target target = new Target.AtLeast(250_000, "≥ 250,000 records/s");

        assertThat(target.verdict(250_000)).isEqualTo("pass");
        assertThat(target.verdict(225_000)).isEqualTo("fail by 10.0 % short");
        assertThat(target.ratio(225_000).getAsDouble()).isEqualTo(0.9);
    }

    @Test
    void atMostTargetsSayHowFarOverTheyGo() {
        Target target = new Target.AtMost(5, "≤ 5 ms");

        assertThat(target.verdict(5)).isEqualTo("pass");
        assertThat(target.verdict(6)).isEqualTo("fail by 20.0 % over");
        assertThat(target.verdict(68.5)).isEqualTo("fail: 13.7 × the bound");
        assertThat(new Target.AtMost(0, "0").verdict(1)).isEqualTo("fail");
    }

    @Test
    void aFigureShowsItsRatioToTargetAndToItsBaseline() throws Exception {
        Figure figure = new Figure("records/s", new Target.AtLeast(250_000, "≥ 250,000"),
                r -> new Measured(Json.number(r, "/rps"), Format.count(Json.number(r, "/rps")), "0.92 of the baseline"));

        Row row = figure.evaluate(new BenchmarkRun("e2e", "cmd", json("{\"rps\":246919.4}"), null));

        assertThat(row).isEqualTo(new Row("records/s", "246,919", "≥ 250,000", "0.988 × target; 0.92 of the baseline",
                "fail by 1.2 % short"));
    }

    @Test
    void aMissingFieldOrAFailedRunBecomesAnErrorRow() throws Exception {
        Figure figure = new Figure("p99", new Target.AtMost(5, "≤ 5 ms"),
                r -> new Measured(Json.number(r, "/p99"), "x", null));

        assertThat(figure.evaluate(new BenchmarkRun("s", "cmd", json("{}"), null)).verdict())
                .isEqualTo("error: no number at /p99 in the result");
        assertThat(figure.evaluate(new BenchmarkRun("s", "cmd", null, "timed out")).verdict()).isEqualTo("error: timed out");
    }

    @Test
    void decodeFigures_firstLegComesFromTheJmhResultsOfTheDirectBuffer() throws Exception {
        JsonNode jmh = decodeResult("[0.4, 0.3, 0.45]");

        Row row = new DecodeSection().figures().get(0).evaluate(new BenchmarkRun("decode", "cmd", jmh, null));

        assertThat(row.value()).isEqualTo("median 11.00 M records/s (11.00 M–11.00 M over 3 legs)");
        assertThat(row.ratio()).isEqualTo("1.10 × target; first leg (the whole benchmark) 11.00 M records/s ± 0.50 M; "
                + "its parse ÷ crcOnly 0.250, ÷ copyOnly 0.010");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void decodeRatioToCrcOnly_isJudgedOnTheLegsMedian_withTheFirstLegBesideIt() throws Exception {
        Figure ratio = new DecodeSection().figures().get(1);

        Row passing = ratio.evaluate(new BenchmarkRun("decode", "cmd", decodeResult("[0.25, 0.4, 0.38]"), null));
        Row failing = ratio.evaluate(new BenchmarkRun("decode", "cmd", decodeResult("[0.25, 0.3, 0.38]"), null));

        assertThat(passing.value()).isEqualTo("median 0.380 (0.250–0.400 over 3 repetitions)");
        assertThat(passing.ratio()).endsWith("first leg (the whole benchmark) 0.250");
        assertThat(passing.verdict()).isEqualTo("pass");
        assertThat(failing.verdict()).startsWith("fail");
    }

    @Test
    void decodeRecordsPerSecond_isJudgedOnTheLegsMedianParse_withTheFirstLegBesideIt() throws Exception {
        Figure decode = new DecodeSection().figures().get(0);

        // The first leg's JMH figure (11 M) is the same in both; only the legs' parse decides.
        Row passing = decode.evaluate(new BenchmarkRun("decode", "cmd",
                decodeResult("[0.25, 0.4, 0.38]", "[11000000.0, 9000000.0, 15000000.0]"), null));
        Row failing = decode.evaluate(new BenchmarkRun("decode", "cmd",
                decodeResult("[0.25, 0.4, 0.38]", "[11000000.0, 9000000.0, 9500000.0]"), null));

        assertThat(passing.value()).isEqualTo("median 11.00 M records/s (9.00 M–15.00 M over 3 legs)");
        assertThat(passing.ratio()).contains("first leg (the whole benchmark) 11.00 M records/s ± 0.50 M");
        assertThat(passing.verdict()).isEqualTo("pass");
        assertThat(failing.value()).startsWith("median 9.50 M records/s");
        assertThat(failing.verdict()).startsWith("fail");
    }

    private static JsonNode decodeResult(String ratios) throws Exception {
        return decodeResult(ratios, "[11000000.0, 11000000.0, 11000000.0]");
    }

    /**
     * What {@code DecodeRatioLegs} prints: the first leg's JMH results (parse 11 M records/s, ÷ crcOnly
     * 0.25), the legs' ratios and the legs' parse records/s.
     */
    private static JsonNode decodeResult(String ratios, String parses) throws Exception {
        double[] values = JSON.readValue(ratios, double[].class);
        double median = Arrays.stream(values).sorted().toArray()[values.length / 2];
        double[] parse = JSON.readValue(parses, double[].class);
        double parseMedian = Arrays.stream(parse).sorted().toArray()[parse.length / 2];
        return json("""
                {"jmh": [{"benchmark":"com.fleetlink.bench.FrameDecodeBenchmark.codec8e20Records_parse","params":{"buffer":"heap"},
                  "primaryMetric":{"score":1.0,"scoreError":0.1,"rawData":[[1.0]]}},
                 {"benchmark":"com.fleetlink.bench.FrameDecodeBenchmark.codec8e20Records_parse","params":{"buffer":"direct"},
                  "primaryMetric":{"score":11000000.0,"scoreError":500000.0,"rawData":[[10500000.0,11500000.0]]}},
                 {"benchmark":"com.fleetlink.bench.FrameDecodeBenchmark.codec8e20Records_crcOnly","params":{"buffer":"direct"},
                  "primaryMetric":{"score":44000000.0,"scoreError":1.0,"rawData":[[44000000.0]]}},
                 {"benchmark":"com.fleetlink.bench.FrameDecodeBenchmark.codec8e20Records_copyOnly","params":{"buffer":"direct"},
                  "primaryMetric":{"score":1100000000.0,"scoreError":1.0,"rawData":[[1100000000.0]]}}],
                 "parseToCrcOnly": {"median": %s, "min": %s, "max": %s, "ratios": %s},
                 "parseRecordsPerSecond": {"median": %s, "min": %s, "max": %s, "legs": %s}}"""
                .formatted(median, Arrays.stream(values).min().orElseThrow(),
                        Arrays.stream(values).max().orElseThrow(), ratios,
                        parseMedian, Arrays.stream(parse).min().orElseThrow(), Arrays.stream(parse).max().orElseThrow(), parses));
    }

    @Test
    void theDocumentHasTheHeaderOneTableAndASectionPerBenchmark() throws Exception {
        Section idle = new IdleMemorySection();
        Section storm = new StormSection();
        List<BenchmarkRun> runs = List.of(
                new BenchmarkRun("idle-memory", "java -cp b.jar IdleConnectionMemory --connections 19000",
                        json("{\"connections\":19000,\"bytesPerConnection\":2530}"), null),
                new BenchmarkRun("storm", "java -cp b.jar ConnectionStorm", null, "exit 1, no result: boom"));

        String md = MarkdownReport.render(HEADER, List.of(idle, storm), runs);

        assertThat(md).startsWith("# Benchmarks (QUICK MODE)\n");
        assertThat(md).contains("| RAM | 2.0 GiB |", "| Elapsed | 3 min 05 s (build included) |",
                "| Load average (1, 5, 15 min) | before 1.00 0.50 0.25; after 1.50 0.75 0.30 |");
        assertThat(md).contains("| Heap per idle handshaken connection | 2,530 B at N = 19,000 | ≤ 4 KiB (4,096 B) | 0.618 × target | pass |");
        assertThat(md).contains("| Storm: last `01` → all N in Redis | — | ≤ 1 s | — | error: exit 1, no result: boom |");
        assertThat(md).contains("## Memory per idle connection", "java -cp b.jar IdleConnectionMemory --connections 19000",
                "## Connection storm and handshake → Redis latency", "**Error:** exit 1, no result: boom");
        assertThat(md.split("\\| Figure \\| Value \\|", -1)).hasSize(2);
    }
}
