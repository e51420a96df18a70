package com.fleetlink.bench.report;

import java.util.List;

/** {@code registry.ConnectionStorm}: a storm of handshakes, and handshake → Redis latency at a steady rate. */
final class StormSection implements Section {
    @Override
    public String id() {
        return "storm";
    }

    @Override
    public String title() {
        return "Connection storm and handshake → Redis latency";
    }

    @Override
    public String about() {
        return "Real ingestion (`--registry-socket`), real sidecar, Redis; the devices are sockets in the benchmark JVM. After "
                + "an unmeasured warm-up storm, N devices handshake at once (at most 1,000 outstanding: more overflow the "
                + "kernel's queues and cost one-second SYN retries); the figure is the time from the last `01` a device read to "
                + "the first poll (every ms) showing `HLEN == N`. The issue asks for 20,000; N is bounded by the open-file limit. "
                + "Its baseline is the storm's own handshake time. Then devices connect at a steady rate and, per device, the "
                + "time from its `01` to Redis naming the instance is taken (keyspace notifications, 1 ms fallback poll); the "
                + "baseline there is the handshake round trip itself. The sidecar runs with the pod's JVM options (the "
                + "manifest's `JAVA_OPTS` under its limits). Why the p99 can be missed: "
                + "each registration crosses four thread hand-offs (event loop, registry writer, sidecar core loop, Lettuce), "
                + "and on an oversubscribed machine each can wait a scheduling slice; the slowest devices in the raw result "
                + "show whether they bunch at one moment (a stall) or spread evenly.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Storm: last `01` → all N in Redis", new Target.AtMost(1, "≤ 1 s"), r -> {
                    if (!Json.flag(r, "/storm/completed")) {
                        throw new FigureUnavailable("only " + Json.text(r, "/storm/visibleAtTimeout", "?") + " of "
                                + Json.text(r, "/devices", "?") + " in Redis after " + Json.text(r, "/storm/timeoutSeconds", "?") + " s");
                    }
                    double s = Json.number(r, "/storm/lastAckToAllVisibleSeconds");
                    return new Measured(s, Format.seconds(s) + " at N = " + Format.count(Json.number(r, "/devices")),
                            "handshakes took " + Format.seconds(Json.number(r, "/storm/firstConnectToLastAckSeconds")) + " ("
                                    + Format.count(Json.number(r, "/storm/handshakesPerSecond")) + "/s)");
                }),
                new Figure("Handshake `01` → visible in Redis, p99", new Target.AtMost(5, "≤ 5 ms"), r -> {
                    if (r.at("/latency/skipped").isTextual()) {
                        throw new FigureUnavailable("skipped: " + r.at("/latency/skipped").asText());
                    }
                    double p99 = Json.number(r, "/latency/ackToVisibleP99Ms");
                    return new Measured(p99, Format.millis(p99) + " (p50 " + Format.millis(Json.number(r, "/latency/ackToVisibleP50Ms"))
                            + ") at " + Format.count(Json.number(r, "/latency/connectsPerSecond")) + " connects/s",
                            Format.ratio(p99 / Json.number(r, "/latency/handshakeP99Ms")) + " × the handshake round trip p99 ("
                                    + Format.millis(Json.number(r, "/latency/handshakeP99Ms")) + ")");
                }));
    }
}
