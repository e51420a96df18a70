package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * JMH {@code FrameDecodeBenchmark} as {@code DecodeRatioLegs} runs it: the whole benchmark once (its JMH
 * JSON under {@code jmh}), and the judged ratio over legs of {@code parse} and {@code crcOnly} run back to back.
 */
final class DecodeSection implements Section {
    private static final String CLASS = "com.fleetlink.bench.FrameDecodeBenchmark.";

    @Override
    public String id() {
        return "decode";
    }

    @Override
    public String title() {
        return "Frame decode (JMH)";
    }

    @Override
    public String about() {
        return "`TeltonikaPacketParser.parse` on a complete frame (preamble to CRC, CRC checked) in a retained slice of a "
                + "pooled direct buffer, which is what the frame decoder hands on. Unit: records/s (one op is one record; the "
                + "20-record methods carry `@OperationsPerInvocation(20)`). Error is JMH's 99.9 % half-width. Baselines, "
                + "measured in the same run over the same bytes: `crcOnly` (the CRC-16 that `parse` also computes) and "
                + "`copyOnly` (copying the frame into a `byte[]`, the least any decoder does). `parseAndWriteJson` also writes each "
                + "record's JSON as the sinks do (`TelemetryJsonEncoder` since issue 14's second round; Jackson's generator "
                + "before), so that work a decoder leaves to the record's readers is counted somewhere. On a shared machine the first "
                + "measured iteration is often still slow (G1 growing the heap), which pulls the mean down; the iterations "
                + "are listed below. Where the time goes: at 10 M records/s a record gets 100 ns; the CRC takes about a quarter of "
                + "it. The parser no longer copies each IO value into arrays (issue 14): it checks the group counts and keeps "
                + "the elements in a copy of the packet body, about 240 B allocated per record (340 B before); the reader's IO walk now inlines into the record loop "
                + "and a direct frame is copied once. The ratio to `crcOnly` is judged on legs: JMH runs one method's iterations "
                + "after another's, so load that comes or goes within a run moves one side of a single ratio (a full report read "
                + "0.338 and a quiet run 0.44 with the decoder unchanged). The first leg is the whole benchmark; each further leg "
                + "runs only `parse` and `crcOnly` of the 20-record frame, back to back in forks of their own, which of the two "
                + "goes first alternating; the row gives the median of the legs' ratios and their range, and the records/s row "
                + "the median of the legs' `parse` (the first leg's JMH figure beside it).";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Decode + CRC, Codec 8E frame of 20 records, one core", new Target.AtLeast(10e6, "≥ 10 M records/s"),
                        DecodeSection::decodeOverLegs),
                new Figure("Decode + CRC ÷ crcOnly, Codec 8E frame of 20 records", new Target.AtLeast(0.35, "≥ 0.35"),
                        r -> RepeatedFigure.of(r, "/parseToCrcOnly", "first leg (the whole benchmark) "
                                + Format.ratio(ratioToCrc(r, "codec8e20Records_parse").value()))),
                new Figure("Decode + CRC + JSON of each record ÷ crcOnly, same frame", new Target.None(),
                        r -> ratioToCrc(r, "codec8e20Records_parseAndWriteJson")),
                new Figure("Decode + CRC, Codec 8 frame of 1 record, one core", new Target.None(),
                        r -> decode(r, "codec8OneRecord")));
    }

    /** {@code parse}'s records/s, judged on the legs' median; the first leg's JMH figure and ratios beside it. */
    private static Measured decodeOverLegs(JsonNode results) {
        Measured first = decode(results, "codec8e20Records");
        return new Measured(Json.number(results, "/parseRecordsPerSecond/median"),
                RepeatedFigure.recordsPerSecond(results, "/parseRecordsPerSecond"),
                "first leg (the whole benchmark) " + first.text() + "; its " + first.baseline());
    }

    private static Measured decode(JsonNode results, String frame) {
        JsonNode parse = metric(results, frame + "_parse");
        double score = parse.path("score").asDouble();
        double crc = metric(results, frame + "_crcOnly").path("score").asDouble();
        double copy = metric(results, frame + "_copyOnly").path("score").asDouble();
        String text = Format.millions(score) + " records/s ± " + Format.millions(parse.path("scoreError").asDouble());
        return new Measured(score, text, "parse ÷ crcOnly " + Format.ratio(score / crc) + ", ÷ copyOnly " + Format.ratio(score / copy));
    }

    private static Measured ratioToCrc(JsonNode results, String method) {
        double ratio = metric(results, method).path("score").asDouble()
                / metric(results, "codec8e20Records_crcOnly").path("score").asDouble();
        return new Measured(ratio, Format.ratio(ratio), null);
    }

    private static JsonNode metric(JsonNode results, String method) {
        for (JsonNode r : results.path("jmh")) {
            if (r.path("benchmark").asText().equals(CLASS + method) && "direct".equals(r.at("/params/buffer").asText("direct"))) {
                return r.path("primaryMetric");
            }
        }
        throw new FigureUnavailable("no " + method + " (direct) in the JMH results");
    }

    @Override
    public List<String> details(JsonNode results) {
        List<String> lines = new ArrayList<>();
        lines.add("| Benchmark | buffer | records/s | ± error | iterations, M records/s |");
        lines.add("|---|---|---:|---:|---|");
        JsonNode jmh = results.path("jmh");
        for (JsonNode r : jmh) {
            JsonNode m = r.path("primaryMetric");
            String iterations = StreamSupport.stream(m.path("rawData").spliterator(), false)
                    .flatMap(fork -> StreamSupport.stream(fork.spliterator(), false))
                    .map(v -> Format.ratio(v.asDouble() / 1e6)).collect(Collectors.joining(", "));
            lines.add("| " + r.path("benchmark").asText().replace(CLASS, "") + " | " + r.at("/params/buffer").asText("")
                    + " | " + Format.count(m.path("score").asDouble()) + " | " + Format.count(m.path("scoreError").asDouble())
                    + " | " + iterations + " |");
        }
        if (!jmh.isEmpty()) {
            JsonNode first = jmh.get(0);
            lines.add("");
            lines.add("JMH " + first.path("jmhVersion").asText() + ", " + first.path("forks").asInt() + " fork, "
                    + first.path("warmupIterations").asInt() + " × " + first.path("warmupTime").asText() + " warm-up, "
                    + first.path("measurementIterations").asInt() + " × " + first.path("measurementTime").asText()
                    + " measured.");
        }
        lines.add("");
        lines.add("| Leg | order | parse, records/s | crcOnly, records/s | parse ÷ crcOnly |");
        lines.add("|---:|---|---:|---:|---:|");
        for (JsonNode leg : results.path("legs")) {
            double parse = leg.path("parse").asDouble();
            double crc = leg.path("crcOnly").asDouble();
            lines.add("| " + leg.path("leg").asInt() + " | " + leg.path("order").asText() + " | " + Format.count(parse) + " | "
                    + Format.count(crc) + " | " + Format.ratio(parse / crc) + " |");
        }
        return lines;
    }

    @Override
    public String rawJson(JsonNode result) {
        return null;
    }
}
