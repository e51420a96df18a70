package com.fleetlink.bench.registry;

import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cleanup leg of {@link JanitorBench}, on its own redis-server and sidecar: the registry holds
 * N fields of an instance that has no heartbeat (dead before the sidecar started); the sidecar's
 * janitor confirms the death over its first sweeps and then deletes them. A {@link RedisTrace}
 * follows {@code HLEN} and Redis' CPU time; the deleting sweep's start and duration come from the
 * sidecar's status. Figures: the sweep's time (its first scan, the looks, the deleting scan), the
 * delete phase from the first field gone to the last, deletes per second over that phase, and the
 * CPU Redis spent in the sweep and in the delete phase.
 */
final class JanitorCleanupLeg {
    static final String DEAD = "janitor-bench-dead";
    private static final String SIDECAR = "janitor-bench";
    private static final long FIRST_DEVICE = 0;

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
        SweepSeen[] sweep = new SweepSeen[1];
        long done = Poll.untilOrTimeout(timeout, Duration.ofMillis(100), () -> {
            sweep[0] = SweepSeen.of(sidecar.status());
            return sweep[0] != null && sweep[0].deleted() > 0;
        });
        session.release(sidecar);
        session.release(trace);
        session.release(redis);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxDeletes", maxDeletes);
        out.put("fields", fields);
        out.put("finished", done != Poll.TIMED_OUT);
        if (done == Poll.TIMED_OUT) {
            out.put("timeoutSeconds", timeout.toSeconds());
            out.put("fieldsLeft", trace.samples().get(trace.samples().size() - 1).length());
            return out;
        }
        SweepSeen s = sweep[0];
        RedisTrace.Sample lastFull = lastWithLength(trace, fields);
        RedisTrace.Sample firstEmpty = trace.samples().stream().filter(x -> x.length() == 0).findFirst().orElse(null);
        out.put("deleted", s.deleted());
        out.put("sweepSeconds", Stats.round(s.durationMillis() / 1000.0, 3));
        double sweepCpu = trace.cpuBetween(s.startedMillis(), s.endMillis());
        out.put("sweepRedisCpuSeconds", Stats.round(sweepCpu, 3));
        out.put("sweepRedisCpuPercent", Stats.round(100 * sweepCpu / (s.durationMillis() / 1000.0), 2));
        if (firstEmpty != null) {
            double phase = (firstEmpty.wallMillis() - lastFull.wallMillis()) / 1000.0;
            double phaseCpu = firstEmpty.cpuSeconds() - lastFull.cpuSeconds();
            out.put("deletePhaseSeconds", Stats.round(phase, 3));
            out.put("deletesPerSecond", Stats.round(fields / phase, 1));
            out.put("deletePhaseRedisCpuSeconds", Stats.round(phaseCpu, 3));
            out.put("deletePhaseRedisCpuPercent", Stats.round(100 * phaseCpu / phase, 2));
            out.put("sweepStartToAllGoneSeconds", Stats.round((firstEmpty.wallMillis() - s.startedMillis()) / 1000.0, 3));
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
