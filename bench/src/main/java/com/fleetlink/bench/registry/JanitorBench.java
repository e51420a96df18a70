package com.fleetlink.bench.registry;

import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The janitor's cost (design §8), with one real sidecar against a real redis-server: the cleanup of
 * N fields of a dead instance, with the default delete limit and with none
 * ({@link JanitorCleanupLeg}), and a sweep of M fields of living instances, where there is nothing
 * to delete ({@link JanitorSweepLeg}). Same-run baselines: Redis' own pipelined {@code HSET} rate
 * ({@code redis-benchmark}) for the delete rate, and a plain {@code HSCAN} pass over the same hash
 * for the sweep. The sidecars heartbeat every second with a 10 s TTL, confirm a death after 2 s and
 * reconcile only hourly, so the janitor is the only thing scanning the registry while it is measured.
 * No ingestion attaches: a grace period of an hour keeps each sidecar heartbeating (after the grace
 * period a sidecar without its ingestion stops heartbeating, and a sidecar that does not heartbeat
 * does not sweep). Exit 0 when measured.
 */
public final class JanitorBench implements BenchMain.Bench {
    static final String REGISTRY = "connections:registry";
    /** The delete limit's default ({@code --janitor-max-deletes}). */
    static final int DEFAULT_MAX_DELETES = 5000;
    private static final List<String> SIDECAR_ARGS = List.of("--heartbeat-interval", "1s", "--heartbeat-ttl", "10s",
            "--janitor-confirm", "2s", "--reconcile-interval", "1h", "--grace", "1h");

    private final JanitorCleanupLeg cleanup;
    private final JanitorSweepLeg sweep;
    private final long deadFields;
    private final long liveFields;
    private final List<String> sidecarJvm;

    private JanitorBench(BenchFlags flags) {
        JarFlags jars = JarFlags.fromFlags(flags);
        deadFields = flags.integer("dead-fields", 100_000, "fields of the dead instance the janitor cleans up");
        liveFields = flags.integer("live-fields", 1_000_000, "fields of living instances the measured sweeps go through");
        int sweeps = flags.integer("sweeps", 3, "sweeps measured over the living fields");
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx128m", "JVM options of the sidecar (state the heap)"));
        if (deadFields < 1 || liveFields < 1 || sweeps < 1) {
            throw new BenchFlags.UsageException("JanitorBench: needs --dead-fields, --live-fields and --sweeps ≥ 1");
        }
        cleanup = new JanitorCleanupLeg(jars, deadFields, sidecarJvm, SIDECAR_ARGS);
        sweep = new JanitorSweepLeg(jars, liveFields, sweeps, sidecarJvm, SIDECAR_ARGS);
    }

    public static void main(String[] args) {
        BenchMain.run("JanitorBench", args, Duration.ofMinutes(20), JanitorBench::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) {
        BenchMain.say("JanitorBench: %,d dead fields, %,d living fields, sidecar %s %s", deadFields, liveFields, sidecarJvm,
                SIDECAR_ARGS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sidecarJvm", String.join(" ", sidecarJvm));
        out.put("sidecarArgs", String.join(" ", SIDECAR_ARGS));
        out.put("hsetPerSecond", hsetBaseline(session));
        BenchMain.say("baseline: redis-benchmark HSET, 64-deep pipeline: %,.0f/s", out.get("hsetPerSecond"));
        Map<String, Object> limited = cleanup.run(session, DEFAULT_MAX_DELETES);
        say("cleanup, --janitor-max-deletes " + DEFAULT_MAX_DELETES, limited);
        out.put("cleanupLimited", limited);
        Map<String, Object> unlimited = cleanup.run(session, 0);
        say("cleanup, --janitor-max-deletes 0", unlimited);
        out.put("cleanupUnlimited", unlimited);
        Map<String, Object> swept = sweep.run(session);
        BenchMain.say("sweep of %,d living fields: median %s s, Redis CPU %s s (%s %%); a plain HSCAN pass: %s s, Redis CPU %s s",
                liveFields, swept.get("sweepMedianSeconds"), swept.get("sweepMedianRedisCpuSeconds"),
                swept.get("sweepRedisCpuPercent"), swept.get("plainHscanMedianSeconds"),
                swept.get("plainHscanMedianRedisCpuSeconds"));
        out.put("sweep", swept);
        return out;
    }

    /** Redis' own HSET rate on a redis-server of its own, so its hash does not join the measured ones. */
    private static double hsetBaseline(BenchSession session) {
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.subdirectory("baseline")));
        try {
            return Stats.round(RedisTools.hsetPerSecond(redis.port(), 1_000_000), 1);
        } finally {
            session.release(redis);
        }
    }

    private static void say(String leg, Map<String, Object> f) {
        if (!Boolean.TRUE.equals(f.get("finished"))) {
            BenchMain.say("%s: NOT finished within %s s (%s fields left)", leg, f.get("timeoutSeconds"), f.get("fieldsLeft"));
            return;
        }
        BenchMain.say("%s: %s deleted; sweep %s s, delete phase %s s = %s deletes/s; Redis CPU %s s in the sweep (%s %%), "
                        + "%s s in the delete phase (%s %%)", leg, f.get("deleted"), f.get("sweepSeconds"),
                f.get("deletePhaseSeconds"), f.get("deletesPerSecond"), f.get("sweepRedisCpuSeconds"),
                f.get("sweepRedisCpuPercent"), f.get("deletePhaseRedisCpuSeconds"), f.get("deletePhaseRedisCpuPercent"));
    }
}
