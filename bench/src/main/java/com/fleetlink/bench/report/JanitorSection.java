package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code registry.JanitorBench}: a dead instance's fields cleaned by one sidecar's janitor, with the
 * delete limit on and off, and a sweep over living fields where there is nothing to delete.
 */
final class JanitorSection implements Section {
    /** The pacing lets the first batch (500 fields) go at once; over a leg the rate may pass the limit by that much. */
    private static final double LIMIT_SLACK = 1.05;

    @Override
    public String id() {
        return "janitor";
    }

    @Override
    public String title() {
        return "Janitor";
    }

    @Override
    public String about() {
        return "`JanitorBench`: one real sidecar (`registry-sidecar.jar run`, heartbeat every 1 s with a 10 s TTL, "
                + "`--janitor-confirm 2s`, reconcile hourly so the janitor is the only scanner, `--grace 1h` so it keeps "
                + "heartbeating, and sweeping, with no ingestion attached) against a redis-server the "
                + "benchmark starts. **Cleanup legs**, each on a fresh Redis and sidecar: the registry holds N fields of an "
                + "instance with no heartbeat; the janitor (`--janitor-interval 1s`) confirms its death over its first "
                + "sweeps, then one sweep deletes them all, once with `--janitor-max-deletes 5000` (the default) and once "
                + "with `0` (no limit). A sampler reads `HLEN` and redis-server's CPU time (`/proc/<pid>/stat` utime + "
                + "stime) every 10 ms; the delete phase runs from the last sample with N fields to the first with none, "
                + "the sweep's start and duration come from the sidecar's `status` (`janitor.lastSweep`). **Sweep leg**: "
                + "M fields spread over four instances whose heartbeats stand (nothing to delete), `--janitor-interval 5s`; "
                + "each sweep's duration from `status`, its Redis CPU from the sampler (every 50 ms), next to Redis' CPU "
                + "share over 5 s idle before the sidecar starts (a sweep is long enough for Redis' own timers to show). "
                + "Baselines from the "
                + "same run: Redis' own `HSET` rate (`redis-benchmark -t hset -P 64`) for the delete rate, and a plain "
                + "`HSCAN … COUNT 500` pass over the same hash, back to back with no pauses, for the sweep (the janitor "
                + "pauses 10 ms between pages on purpose). The limited leg's target: at most the limit, with 5 % for the "
                + "first batch of 500, which goes unpaced.";
    }

    @Override
    public List<Figure> figures() {
        return List.of(
                new Figure("Janitor cleanup, --janitor-max-deletes 5000: deletes/s ÷ the limit",
                        new Target.AtMost(LIMIT_SLACK, "≤ " + LIMIT_SLACK), r -> {
                    JsonNode leg = finished(r, "cleanupLimited");
                    double rate = Json.number(leg, "/deletesPerSecond");
                    double limit = Json.number(leg, "/maxDeletes");
                    return new Measured(rate / limit, cleanupText(leg), hsetRatio(r, rate));
                }),
                new Figure("Janitor cleanup, --janitor-max-deletes 0 (no limit): deletes/s", new Target.None("report"), r -> {
                    JsonNode leg = finished(r, "cleanupUnlimited");
                    double rate = Json.number(leg, "/deletesPerSecond");
                    return new Measured(rate, cleanupText(leg), hsetRatio(r, rate));
                }),
                new Figure("Redis CPU in the cleanup sweep, --janitor-max-deletes 5000", new Target.None("report"),
                        r -> sweepCpu(finished(r, "cleanupLimited"))),
                new Figure("Redis CPU in the cleanup sweep, --janitor-max-deletes 0", new Target.None("report"),
                        r -> sweepCpu(finished(r, "cleanupUnlimited"))),
                new Figure("Janitor sweep over living fields (nothing to delete): duration", new Target.None("report"), r -> {
                    JsonNode leg = finished(r, "sweep");
                    double seconds = Json.number(leg, "/sweepMedianSeconds");
                    double plain = Json.number(leg, "/plainHscanMedianSeconds");
                    return new Measured(seconds, Format.seconds(seconds) + " (median of " + leg.path("sweeps").size()
                            + " sweeps over " + Format.count(Json.number(leg, "/fields")) + " fields)",
                            Format.ratio(seconds / plain) + " × a plain HSCAN pass (" + Format.seconds(plain) + ")");
                }),
                new Figure("Janitor sweep over living fields: Redis CPU per sweep", new Target.None("report"), r -> {
                    JsonNode leg = finished(r, "sweep");
                    double cpu = Json.number(leg, "/sweepMedianRedisCpuSeconds");
                    double plain = Json.number(leg, "/plainHscanMedianRedisCpuSeconds");
                    return new Measured(cpu, Format.seconds(cpu) + " CPU (" + Format.percent(Json.number(leg, "/sweepRedisCpuPercent") / 100)
                            + " of the sweep's time; idle Redis " + Format.percent(Json.number(leg, "/redisIdleCpuPercent") / 100)
                            + ")", Format.ratio(cpu / plain) + " × a plain HSCAN pass (" + Format.seconds(plain) + " CPU)");
                }));
    }

    private static JsonNode finished(JsonNode result, String leg) {
        JsonNode node = result.path(leg);
        if (!node.isObject()) {
            throw new FigureUnavailable("no " + leg + " leg in the result");
        }
        if (!Json.flag(node, "/finished")) {
            throw new FigureUnavailable("the " + leg + " leg did not finish within " + Json.text(node, "/timeoutSeconds", "?")
                    + " s; see the section");
        }
        return node;
    }

    private static String cleanupText(JsonNode leg) {
        return Format.count(Json.number(leg, "/deletesPerSecond")) + "/s: " + Format.count(Json.number(leg, "/fields"))
                + " fields gone " + Format.seconds(Json.number(leg, "/deletePhaseSeconds")) + " after the first, "
                + Format.seconds(Json.number(leg, "/sweepStartToAllGoneSeconds")) + " after the sweep started";
    }

    private static String hsetRatio(JsonNode result, double rate) {
        double hset = Json.number(result, "/hsetPerSecond");
        return Format.ratio(rate / hset) + " × redis-benchmark HSET (" + Format.count(hset) + "/s)";
    }

    private static Measured sweepCpu(JsonNode leg) {
        double cpu = Json.number(leg, "/sweepRedisCpuSeconds");
        double percent = Json.number(leg, "/sweepRedisCpuPercent");
        return new Measured(percent, Format.percent(percent / 100) + " of the sweep's " + Format.seconds(Json.number(leg, "/sweepSeconds"))
                + " (" + Format.seconds(cpu) + " CPU); delete phase " + Format.percent(Json.number(leg, "/deletePhaseRedisCpuPercent") / 100),
                null);
    }
}
