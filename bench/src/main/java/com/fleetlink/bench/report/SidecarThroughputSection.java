package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code registry.SidecarThroughput}: events per second from the socket into Redis, against {@code redis-benchmark}. */
final class SidecarThroughputSection implements Section {
    @Override
    public String id() {
        return "sidecar-throughput";
    }

    @Override
    public String title() {
        return "Sidecar throughput";
    }

    @Override
    public String about() {
        return "The benchmark plays the ingestion on the sidecar's Unix socket: an empty snapshot, then N/2 `register` lines "
                + "of distinct IMEIs as fast as the socket takes them, timed until `HLEN connections:registry` shows them all "
                + "(every field then checked), then N/2 `unregister` lines timed until `HLEN` is 0. Event log on. A first run "
                + "is not counted (JIT warm-up); the events/s figure is the median of the measured runs. Baseline: "
                + "`redis-benchmark -t hset -P 64`, Redis' own pipelined HSET rate (one field of a small hash, updated over and "
                + "over), run on the same Redis just before each measured run; the ratio is taken within each run (its events/s ÷ "
                + "its own `redis-benchmark`), the figure is the median of those ratios, the range beside it their min–max. "
                + "Second baseline, after `redis-benchmark` in each run: the contract's bare writes, the run's own devices written "
                + "with no sidecar as the fewest commands design §4 allows (one multi-field `HSET` per hash per 500 devices into "
                + "two hashes shaped as `connections:registry` and its stamps, under keys of their own so the running sidecar "
                + "leaves them alone, then one `HDEL` per hash per 500), pipelined on one connection, "
                + "nothing read or compared: what Redis itself takes for these events here, which no writer of the contract can "
                + "beat. The sidecar runs with the pod's JVM options (the manifest's `JAVA_OPTS` under its limits). "
                + "Why the target can be missed: the sidecar is the limiting side (above one core, Redis far below), its "
                + "collector's pauses in the pod's small heap and the JIT the largest consumers in runs this short.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(new Figure("Sidecar events/s, socket → Redis, event log on", new Target.AtLeast(100_000, "≥ 100,000 events/s"),
                        r -> {
                            double median = Json.number(completed(r), "/eventsPerSecondMedian");
                            return new Measured(median, Format.count(median) + " (median of " + r.path("runs").size() + ")",
                                    "`redis-benchmark` HSET -P 64 " + Format.count(Json.number(r, "/redisBenchmarkHsetPerSecondMedian"))
                                            + "/s (median)");
                        }),
                new Figure("Sidecar events/s ÷ `redis-benchmark` HSET -P 64, within each run", new Target.AtLeast(0.3, "≥ 0.3"),
                        r -> RepeatedFigure.of(completed(r), "/redisBenchmarkRatio", "median ÷ median "
                                + Format.ratio(Json.number(r, "/medianOverMedianRatio")))),
                new Figure("The contract's bare writes, no sidecar, ÷ `redis-benchmark`, within each run", new Target.None("report"),
                        r -> RepeatedFigure.of(completed(r), "/contractFloorRatio", "bare writes "
                                + Format.count(Json.number(r, "/contractFloorEventsPerSecondMedian")) + " events/s (median)")),
                new Figure("Sidecar events/s ÷ the contract's bare writes, within each run", new Target.None("report"),
                        r -> RepeatedFigure.of(completed(r), "/sidecarToContractFloorRatio",
                                "the share of Redis' own rate for these writes the sidecar reaches")));
    }

    private static JsonNode completed(JsonNode result) {
        if (!Json.flag(result, "/allRunsCompleted")) {
            throw new FigureUnavailable("a run timed out before Redis showed every event; see the section");
        }
        return result;
    }
}
