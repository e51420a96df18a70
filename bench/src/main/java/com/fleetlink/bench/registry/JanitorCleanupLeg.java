package com.fleetlink.bench.registry;

import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cleanup leg of {@link JanitorBench}, on its own redis-server and sidecar: the registry holds
 * N fields of an instance that has no heartbeat (dead before the sidecar started); the sidecar's
 * janitor confirms the death over its first sweeps and then deletes them. A {@link RedisTrace}
 * follows {@code HLEN} and Redis' CPU time; the deleting sweep's end and duration come from the
 * line the sidecar logs when a sweep deleted something (its status shows only the last sweep, which
 * an empty sweep a second later replaces). Figures: the sweep's time (its first scan, the looks, the deleting scan), the
 * delete phase from the first field gone to the last, deletes per second over that phase, and the
 * CPU Redis spent in the sweep and in the delete phase.
 */
final class JanitorCleanupLeg {
    static final String DEAD = "janitor-bench-dead";
    private static final String SIDECAR = "janitor-bench";
    private static final long FIRST_DEVICE = 0;
    /** The sidecar's line at the end of a sweep that deleted: its time stamp, the count and the duration. */
    private static final Pattern DELETED = Pattern.compile(
            "(?m)^(\\S+) .*janitor deleted (\\d+) fields of dead instances .* in (\\d+) ms$");

    private final JarFlags jars;
    private final long fields;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    /**
     * @param sidecarArgs the janitor and heartbeat flags both legs share; each leg adds its delete limit
     */
    JanitorCleanupLeg(JarFlags jars, long fields, List<String> sidecarJvm, List<String> sidecarArgs) {
        this.jars = jars;
        this.fields = fields;
        this.sidecarJvm = sidecarJvm;
        this.sidecarArgs = sidecarArgs;
    }

    /** Runs the leg with {@code --janitor-max-deletes maxDeletes} (0: no limit) in its own subdirectory. */
    Map<String, Object> run(BenchSession session, int maxDeletes) {
        Path dir = session.subdirectory("cleanup-" + maxDeletes);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(dir));
        try (RespClient client = RespClient.connect(redis.port())) {
            RegistryFill.fill(client, JanitorBench.REGISTRY, FIRST_DEVICE, fields, i -> DEAD);
        }
        RedisTrace trace = session.own(new RedisTrace(redis.pid(), redis.port(), JanitorBench.REGISTRY, 10).start());
        List<String> args = new ArrayList<>(sidecarArgs);
        args.addAll(List.of("--janitor-interval", "1s", "--janitor-max-deletes", Integer.toString(maxDeletes)));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), dir, SIDECAR, redis, sidecarJvm, args));
        // Three times the time the limit allows, plus the confirm period and start-up; no limit gets the same minute.
        Duration timeout = Duration.ofSeconds(60 + (maxDeletes == 0 ? 0 : 3 * fields / maxDeletes));
        Matcher logged = null;
        try {
            logged = sidecar.process().awaitLog(DELETED, timeout);
        } catch (AssertionError e) {
            // Not done in time: reported as unfinished below.
        }
        session.release(sidecar);
        session.release(trace);
        session.release(redis);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxDeletes", maxDeletes);
        out.put("fields", fields);
        out.put("finished", logged != null);
        if (logged == null) {
            out.put("timeoutSeconds", timeout.toSeconds());
            out.put("fieldsLeft", trace.samples().get(trace.samples().size() - 1).length());
            return out;
        }
        long durationMillis = Long.parseLong(logged.group(3));
        long endMillis = Instant.parse(logged.group(1)).toEpochMilli();
        long startMillis = endMillis - durationMillis;
        RedisTrace.Sample lastFull = lastWithLength(trace, fields);
        RedisTrace.Sample firstEmpty = trace.samples().stream().filter(x -> x.length() == 0).findFirst().orElse(null);
        out.put("deleted", Long.parseLong(logged.group(2)));
        out.put("sweepSeconds", Stats.round(durationMillis / 1000.0, 3));
        double sweepCpu = trace.cpuBetween(startMillis, endMillis);
        out.put("sweepRedisCpuSeconds", Stats.round(sweepCpu, 3));
        out.put("sweepRedisCpuPercent", Stats.round(100 * sweepCpu / (durationMillis / 1000.0), 2));
        if (firstEmpty != null) {
            double phase = (firstEmpty.wallMillis() - lastFull.wallMillis()) / 1000.0;
            double phaseCpu = firstEmpty.cpuSeconds() - lastFull.cpuSeconds();
            out.put("deletePhaseSeconds", Stats.round(phase, 3));
            out.put("deletesPerSecond", Stats.round(fields / phase, 1));
            out.put("deletePhaseRedisCpuSeconds", Stats.round(phaseCpu, 3));
            out.put("deletePhaseRedisCpuPercent", Stats.round(100 * phaseCpu / phase, 2));
            out.put("sweepStartToAllGoneSeconds", Stats.round((firstEmpty.wallMillis() - startMillis) / 1000.0, 3));
        }
        return out;
    }

    /** The last sample before the first deletion: the registry still whole. */
    private static RedisTrace.Sample lastWithLength(RedisTrace trace, long length) {
        RedisTrace.Sample found = trace.samples().get(0);
        for (RedisTrace.Sample s : trace.samples()) {
            if (s.length() != length) {
                break;
            }
            found = s;
        }
        return found;
    }
}
