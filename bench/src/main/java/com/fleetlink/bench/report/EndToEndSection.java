package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code registry.EndToEndThroughput}: telemetry through the real server, without and with the registry. */
final class EndToEndSection implements Section {
    private static final Target NOT_SLOWER = new Target.AtLeast(0.98, "≥ 0.98");

    @Override
    public String id() {
        return "end-to-end";
    }

    @Override
    public String title() {
        return "End-to-end telemetry, without and with the registry";
    }

    @Override
    public String about() {
        return "`ingestion.jar simulate` (Codec 8E, as fast as the server ACKs unless a rate is given) against a fresh server "
                + "process per leg, on loopback; simulator and server share the cores. Legs: `ackOnly` (the baseline: a server "
                + "that answers the handshake and each frame's record count without checking or decoding anything, so the "
                + "simulator, loopback and Netty are all it measures), `alone` (`ingestion run`, JSON Lines file sink, no "
                + "registry), `registry` (the same attached to a real sidecar and Redis), `redisStopped` (the same with Redis "
                + "held by SIGSTOP for the whole leg), these four interleaved and repeated (`ackOnly-1`, `alone-1`, "
                + "`registry-1`, `redisStopped-1`, `ackOnly-2`, …) so drift hits them alike; then, at half the median packet rate of "
                + "the `alone` legs, `ackOnlyHalfRate-N` and `aloneHalfRate-N` in pairs as often, for the ACK latency of a server "
                + "that is not saturated against the ACK-only server's at the same rate, and `redisStoppedHalfRate` once. Each "
                + "repeated ratio divides a leg by the leg of its own repetition (`alone` by `ackOnly`, `registry` and "
                + "`redisStopped` by `alone`, `aloneHalfRate`'s ACK p99 by `ackOnlyHalfRate`'s); the figure is the median of "
                + "those ratios, the range beside it their min–max; a p99 shown alone is the median of its legs, their range "
                + "beside it. The ingestion and the ACK-only server run with the ingestion pod's JVM options (the "
                + "manifest's `JAVA_OPTS` of the ingestion container under its limits). CPU is utime + stime from `/proc`, "
                + "cold JVM and JIT included. Why targets can be missed here: "
                + "simulator and server share two cores, so the ACK-only baseline is the ceiling (compare the ratio to it, not "
                + "only the absolute figure), and an ACK p99 of milliseconds needs a machine that does not stall the "
                + "processes: `ackOnlyHalfRate`'s p99 shows what the machine alone costs.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("End to end records/s, file sink, no registry", new Target.AtLeast(250_000, "≥ 250,000 records/s"),
                        r -> new Measured(Json.number(r, "/recordsPerSecond"), Format.count(Json.number(r, "/recordsPerSecond")),
                                "median of " + repeats(r) + " legs")),
                new Figure("End to end records/s ÷ the ACK-only baseline", new Target.AtLeast(0.5, "≥ 0.5"),
                        r -> RepeatedFigure.of(r, "/baselineRatio", Format.count(Json.number(r, "/baselineRecordsPerSecond"))
                                + "/s ACK-only (median); the first alone leg ÷ the first ACK-only leg "
                                + Format.ratio(Json.number(r, "/firstAloneRatioToBaseline")))),
                new Figure("ACK p99 at half rate, no registry", new Target.AtMost(5, "≤ 5 ms"),
                        r -> new Measured(Json.number(r, "/halfRateAckP99Ms"), RepeatedFigure.millis(r, "/halfRateAckP99")
                                + " (p50 " + Format.millis(Json.number(r, "/halfRateAckP50Ms")) + ", median)", null)),
                new Figure("ACK p99 at half rate ÷ the ACK-only server's at that rate", new Target.AtMost(2, "≤ 2"),
                        r -> RepeatedFigure.of(r, "/halfRateAckP99Ratio", "ACK-only p99 "
                                + RepeatedFigure.millis(r, "/ackOnlyHalfRateAckP99") + " (p50 "
                                + Format.millis(Json.number(r, "/ackOnlyHalfRateAckP50Ms")) + ", median), alone p99 "
                                + RepeatedFigure.millis(r, "/halfRateAckP99") + ", at "
                                + Format.count(Json.number(r, "/halfRatePacketsPerSecond")) + " packets/s")),
                new Figure("Records/s with the registry attached ÷ alone", NOT_SLOWER,
                        r -> RepeatedFigure.of(r, "/registryRatio", Format.count(Json.number(r, "/registryRecordsPerSecond")) + "/s vs "
                                + Format.count(Json.number(r, "/recordsPerSecond")) + "/s")),
                new Figure("Records/s with Redis SIGSTOPped ÷ alone", NOT_SLOWER,
                        r -> RepeatedFigure.of(r, "/redisStoppedRatio", Format.count(Json.number(r, "/redisStoppedRecordsPerSecond"))
                                + "/s vs " + Format.count(Json.number(r, "/recordsPerSecond")) + "/s")),
                new Figure("Ingestion CPU per record, alone ÷ registry attached (no churn)", NOT_SLOWER,
                        r -> RepeatedFigure.of(r, "/cpuPerMrecRatio", null)),
                new Figure("ACK p99 at half rate, Redis SIGSTOPped", new Target.AtMost(5, "≤ 5 ms"),
                        r -> new Measured(Json.number(r, "/redisStoppedHalfRateAckP99Ms"),
                                Format.millis(Json.number(r, "/redisStoppedHalfRateAckP99Ms")),
                                Format.ratio(Json.number(r, "/redisStoppedAckP99RatioToAlone")) + " × the median p99 without registry")),
                new Figure("Wrong ACKs, all legs", new Target.AtMost(0, "0"),
                        r -> new Measured(Json.number(r, "/wrongAcks"), Format.count(Json.number(r, "/wrongAcks")), null)),
                new Figure("CPU split at full rate, no registry", new Target.None("report"),
                        r -> new Measured(Json.number(r, "/serverCpuShare"), "server " + Format.percent(Json.number(r, "/serverCpuShare"))
                                + ", simulator " + Format.percent(1 - Json.number(r, "/serverCpuShare")), null)));
    }

    private static String repeats(JsonNode result) {
        return result.path("repeats").asText();
    }

    @Override
    public List<String> details(JsonNode result) {
        List<String> lines = new ArrayList<>();
        lines.add("| Leg | packets/s asked | records/s | ACK p50 | ACK p99 | ACK max | server CPU s | CPU s/M records | "
                + "simulator CPU s | sidecar CPU s | wrong ACKs | load |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (JsonNode leg : result.path("legs")) {
            int rate = leg.path("ratePacketsPerSecond").asInt();
            lines.add("| " + leg.path("leg").asText() + " | " + (rate == 0 ? "max" : Format.count(rate)) + " | "
                    + Format.count(leg.path("recordsPerSecond").asDouble()) + " | " + Format.millis(leg.path("ackP50Ms").asDouble())
                    + " | " + Format.millis(leg.path("ackP99Ms").asDouble()) + " | " + Format.millis(leg.path("ackMaxMs").asDouble())
                    + " | " + leg.path("serverCpuSeconds").asText() + " | " + leg.path("serverCpuSecondsPerMillionRecords").asText()
                    + " | " + leg.path("simulatorCpuSeconds").asText() + " | " + leg.path("sidecarCpuSeconds").asText()
                    + " | " + leg.path("wrongAcks").asText() + " | " + leg.path("loadAverage").asText() + " |");
        }
        lines.add("");
        lines.add(Format.count(result.path("devices").asDouble()) + " devices, " + result.path("recordsPerPacket").asText()
                + " records a packet, " + result.path("legSeconds").asText() + " s legs; per-repetition ratios alone ÷ ackOnly "
                + result.path("baselineRatio").path("ratios") + ", registry ÷ alone "
                + result.path("registryRatio").path("ratios") + ", redisStopped ÷ alone " + result.path("redisStoppedRatio").path("ratios")
                + ", half-rate ACK p99 alone ÷ ackOnly " + result.path("halfRateAckP99Ratio").path("ratios") + ".");
        return lines;
    }
}
