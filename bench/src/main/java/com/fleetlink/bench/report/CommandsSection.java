package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code registry.CommandThroughput}: outbound commands through one pod, and what they cost telemetry. */
final class CommandsSection implements Section {
    private static final Target NONE = new Target.None("report");

    @Override
    public String id() {
        return "commands";
    }

    @Override
    public String title() {
        return "Outbound commands: latency, cost to telemetry, drain rate";
    }

    @Override
    public String about() {
        return "One pod (the sidecar and ingestion jars) on a redis-server with AOF and `appendfsync always`, as commands "
                + "need, and `ingestion.jar simulate --respond` devices (1,000 by default, Codec 8E) that answer each command "
                + "after a short delay. Commands are enqueued by the benchmark with the enqueue script the sidecar jar ships "
                + "(then the expiry index entry and the wake-up hint, as `docs/commands.md` says a caller does), one device "
                + "after the other. Latencies are read from each command's hash, all in **Redis' clock** (`TIME` in the "
                + "scripts): enqueue → written is `sent_at − created_at` (the sidecar recording the ingestion's `command_sent`), "
                + "enqueue → responded is `finished_at − created_at` of the commands that ended `responded` (the reply's "
                + "delay included). Three parts in one run: telemetry as fast as the server ACKs, legs alternating without "
                + "commands and with the command rate, each leg with commands between two without (after a warm-up leg with "
                + "commands at a higher rate (`--warmup-rate`, 1,000/s by default), so that the JIT compiles the command "
                + "path, and one without, neither counted); the ratio is the median over the "
                + "legs with commands of each one's records/s ÷ the mean of its two neighbours', so a machine whose speed "
                + "drifts during the run moves both sides of every ratio alike; its spread is (max − min) ÷ median of those "
                + "ratios, and each kind's leg spread is the same of its records/s; the bench column is the CPU of the "
                + "benchmark's JVM, which enqueues the commands; "
                + "the sender stops shortly before a leg's devices leave, and a command still queued or unanswered when they "
                + "leave ends `expired` or `unknown`, so on a saturated machine those legs' latencies count only the "
                + "commands that got there); "
                + "light telemetry with the same command rate, for the latencies of a pod that is not saturated; then a "
                + "backlog of commands on every device, enqueued at once, whose drain rate is the responses a second "
                + "between the first and the last tenth of them. One command is in flight per socket, so devices ÷ reply "
                + "delay bounds the drain; that bound is far above the drain here, and the processes' CPU during the drain "
                + "says what limited it. On two shared cores the simulator, the pod and Redis take CPU from one another.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                latency("Enqueue → written p50 / p99, light telemetry", "written"),
                latency("Enqueue → responded p50 / p99, light telemetry", "responded"),
                new Figure("Commands by terminal status, light telemetry", NONE, r -> {
                    double share = respondedShare(r.at("/quietCommands/statuses"));
                    return new Measured(share, Format.percent(share) + " responded (" + statuses(r.at("/quietCommands/statuses"))
                            + ")", "full-rate legs: " + statuses(r.at("/fullRateCommands/statuses")));
                }),
                new Figure("Telemetry records/s with commands flowing ÷ without", new Target.AtLeast(0.98, "≥ 0.98"), r -> {
                    double ratio = Json.number(r, "/ratio");
                    return new Measured(ratio, Format.ratio(ratio) + " (median of " + pairRatios(r.path("pairRatios")) + "; "
                            + Format.count(Json.number(r, "/commandsRecordsPerSecond")) + "/s vs "
                            + Format.count(Json.number(r, "/plainRecordsPerSecond")) + "/s, "
                            + Format.count(Json.number(r, "/commandsPerSecond")) + " commands/s)",
                            "ratio spread " + Format.percent(Json.number(r, "/pairRatioSpread")) + "; leg spread without "
                                    + Format.percent(Json.number(r, "/plainLegSpread")) + ", with "
                                    + Format.percent(Json.number(r, "/commandsLegSpread")));
                }),
                new Figure("ACK p50 / p99 at full rate, commands flowing", NONE,
                        r -> new Measured(Json.number(r, "/commandsAckP99Ms"), Format.millis(Json.number(r, "/commandsAckP50Ms"))
                                + " / " + Format.millis(Json.number(r, "/commandsAckP99Ms")),
                                "without commands " + Format.millis(Json.number(r, "/plainAckP50Ms")) + " / "
                                        + Format.millis(Json.number(r, "/plainAckP99Ms")))),
                new Figure("Commands/s one instance sustains (backlog drain)", NONE, r -> {
                    double drain = Json.number(r, "/drainCommandsPerSecond");
                    double backlog = Json.number(r, "/backlogCommands");
                    return new Measured(drain, Format.count(drain) + "/s (" + Format.count(backlog) + " commands, enqueued at "
                            + Format.count(backlog / Json.number(r, "/backlogEnqueueSeconds")) + "/s)",
                            "socket bound " + Format.count(Json.number(r, "/devices")) + " devices ÷ "
                                    + Format.count(Json.number(r, "/respondDelayMs")) + " ms = "
                                    + Format.count(Json.number(r, "/socketBoundPerSecond")) + "/s; busiest " + busiest(r)
                                    + ", load " + Json.text(r, "/drainLoadAverage", "n/a"));
                }),
                new Figure("Wrong ACKs, all legs", new Target.AtMost(0, "0"),
                        r -> new Measured(Json.number(r, "/wrongAcks"), Format.count(Json.number(r, "/wrongAcks")), null)));
    }

    private static Figure latency(String label, String what) {
        return new Figure(label, NONE, r -> {
            String p50 = "/quietCommands/" + what + "P50Ms";
            String p99 = "/quietCommands/" + what + "P99Ms";
            return new Measured(Json.number(r, p99), Format.millis(Json.number(r, p50)) + " / " + Format.millis(Json.number(r, p99))
                    + " (" + Format.count(Json.number(r, "/quietCommands/" + what)) + " of "
                    + Format.count(Json.number(r, "/quietCommands/commands")) + ")",
                    "full-rate legs " + Format.millis(Json.number(r, "/fullRateCommands/" + what + "P50Ms")) + " / "
                            + Format.millis(Json.number(r, "/fullRateCommands/" + what + "P99Ms")));
        });
    }

    /** {@code 0.970, 0.990}: each leg's ratio, in the order the legs ran. */
    private static String pairRatios(JsonNode ratios) {
        if (ratios.isEmpty()) {
            throw new FigureUnavailable("no per-leg ratios in the result");
        }
        List<String> parts = new ArrayList<>();
        ratios.forEach(r -> parts.add(Format.ratio(r.asDouble())));
        return String.join(", ", parts);
    }

    /** Responded ÷ all commands counted in {@code statuses}. */
    static double respondedShare(JsonNode statuses) {
        double all = 0;
        for (JsonNode count : statuses) {
            all += count.asDouble();
        }
        if (all == 0) {
            throw new FigureUnavailable("no commands counted");
        }
        return statuses.path("responded").asDouble() / all;
    }

    /** {@code responded 800, expired 2}: every status with its count, largest first. */
    static String statuses(JsonNode statuses) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        statuses.fields().forEachRemaining(entries::add);
        entries.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
        List<String> parts = entries.stream().map(e -> e.getKey() + " " + Format.count(e.getValue().asDouble())).toList();
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The process with the largest CPU share while the backlog drained, as {@code sidecar 95.0 % of a core}. */
    static String busiest(JsonNode result) {
        Iterator<Map.Entry<String, JsonNode>> shares = result.path("drainCpuShare").fields();
        Map.Entry<String, JsonNode> top = null;
        while (shares.hasNext()) {
            Map.Entry<String, JsonNode> next = shares.next();
            if (top == null || next.getValue().asDouble() > top.getValue().asDouble()) {
                top = next;
            }
        }
        if (top == null) {
            throw new FigureUnavailable("no CPU shares of the drain in the result");
        }
        return top.getKey() + " " + Format.percent(top.getValue().asDouble()) + " of a core";
    }

    @Override
    public List<String> details(JsonNode result) {
        List<String> lines = new ArrayList<>();
        lines.add("| Leg | commands | records/s | ACK p50 | ACK p99 | written p50 | written p99 | responded p50 | "
                + "responded p99 | statuses | server CPU s | sidecar CPU s | redis CPU s | simulator CPU s | bench CPU s | load |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|");
        for (JsonNode leg : result.path("legs")) {
            boolean commands = leg.path("commands").asInt() > 0;
            lines.add("| " + leg.path("leg").asText() + " | " + leg.path("commands").asText() + " | "
                    + Format.count(leg.path("recordsPerSecond").asDouble()) + " | " + Format.millis(leg.path("ackP50Ms").asDouble())
                    + " | " + Format.millis(leg.path("ackP99Ms").asDouble()) + " | " + commandMillis(leg, "writtenP50Ms", commands)
                    + " | " + commandMillis(leg, "writtenP99Ms", commands) + " | " + commandMillis(leg, "respondedP50Ms", commands)
                    + " | " + commandMillis(leg, "respondedP99Ms", commands) + " | "
                    + (commands ? statuses(leg.path("statuses")) : "—") + " | " + leg.path("serverCpuSeconds").asText() + " | "
                    + leg.path("sidecarCpuSeconds").asText() + " | " + leg.path("redisCpuSeconds").asText() + " | "
                    + leg.path("simulatorCpuSeconds").asText() + " | " + leg.path("benchCpuSeconds").asText() + " | "
                    + leg.path("loadAverage").asText() + " |");
        }
        lines.add("");
        lines.add("Drain of " + Format.count(result.path("backlogCommands").asDouble()) + " commands ("
                + result.path("backlogPerDevice").asText() + " a device) in " + result.path("drainSeconds").asText()
                + " s, ended " + statuses(result.path("drainStatuses")) + "; CPU share of one core while it drained: "
                + shares(result.path("drainCpuShare")) + "; the sidecar's busiest threads (CPU s): "
                + result.path("drainBusiestSidecarThreads") + ".");
        lines.add("");
        lines.add(Format.count(result.path("devices").asDouble()) + " devices answering after "
                + result.path("respondDelayMs").asText() + " ms, " + result.path("recordsPerPacket").asText()
                + " records a packet, " + result.path("legSeconds").asText() + " s legs, " + result.path("pairs").asText()
                + " with commands between " + (result.path("pairs").asInt() + 1) + " without, " + result.path("commandsPerSecond").asText() + " commands/s; light telemetry "
                + result.path("quietPacketsPerSecond").asText() + " packets/s; Redis persistence as the sidecar reports it: "
                + result.path("redisPersistence").asText() + ".");
        return lines;
    }

    private static String commandMillis(JsonNode leg, String field, boolean commands) {
        return commands ? Format.millis(leg.path(field).asDouble()) : "—";
    }

    private static String shares(JsonNode cpuShare) {
        List<String> parts = new ArrayList<>();
        cpuShare.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + Format.percent(e.getValue().asDouble())));
        return String.join(", ", parts);
    }
}
