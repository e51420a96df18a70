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
import java.util.concurrent.locks.LockSupport;

/**
 * The sweep leg of {@link JanitorBench}, on its own redis-server and sidecar: the registry holds N
 * fields spread over a few instances whose heartbeats stand, so a sweep has nothing to delete and
 * costs what every sweep of a healthy fleet costs: one {@code HSCAN} pass with the janitor's page
 * pause, and a look at each instance. The baseline, in the same Redis: a plain {@code HSCAN} pass
 * with the same page size and no pauses, back to back. Figures: each sweep's duration (from the
 * sidecar's status) and the CPU Redis spent in it (from a {@link RedisTrace}), and the same for
 * the plain passes, with their medians, and Redis' CPU while idle (the sampler running, no sidecar
 * yet) over a few seconds, as a share of time: a sweep lasts long enough for Redis' own timers to
 * show in its CPU.
 */
final class JanitorSweepLeg {
    private static final String SIDECAR = "janitor-bench";
    private static final int LIVE_INSTANCES = 4;
    /** The janitor's own page size (design §8). */
    private static final int PAGE = 500;
    private static final int PLAIN_PASSES = 3;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(5);

    private final JarFlags jars;
    private final long fields;
    private final int sweeps;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    JanitorSweepLeg(JarFlags jars, long fields, int sweeps, List<String> sidecarJvm, List<String> sidecarArgs) {
        this.jars = jars;
        this.fields = fields;
        this.sweeps = sweeps;
        this.sidecarJvm = sidecarJvm;
        this.sidecarArgs = sidecarArgs;
    }

    Map<String, Object> run(BenchSession session) {
        Path dir = session.subdirectory("sweep");
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(dir));
        List<Double> plainSeconds = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        try (RespClient client = RespClient.connect(redis.port())) {
            for (int i = 0; i < LIVE_INSTANCES; i++) {
                client.call("SET", "instance:heartbeat:" + live(i), Long.toString(System.currentTimeMillis()), "EX", "3600");
            }
            RegistryFill.fill(client, JanitorBench.REGISTRY, 0, fields, i -> live((int) (i % LIVE_INSTANCES)));
            for (int pass = 0; pass < PLAIN_PASSES; pass++) {
                double cpuBefore = ProcFs.cpuSeconds(redis.pid());
                long started = System.nanoTime();
                long seen = plainPass(client);
                plainSeconds.add((System.nanoTime() - started) / 1e9);
                plainCpu.add(ProcFs.cpuSeconds(redis.pid()) - cpuBefore);
                if (seen < fields) {
                    throw new BenchFailure("a plain HSCAN pass saw " + seen + " of " + fields + " fields");
                }
            }
        }
        RedisTrace trace = session.own(new RedisTrace(redis.pid(), redis.port(), JanitorBench.REGISTRY, 50).start());
        long idleFrom = System.currentTimeMillis();
        // A measuring window of a chosen length, not a wait for a condition.
        LockSupport.parkNanos(IDLE_WINDOW.toNanos());
        double idleCpu = trace.cpuBetween(idleFrom, idleFrom + IDLE_WINDOW.toMillis());
        List<String> args = new ArrayList<>(sidecarArgs);
        args.addAll(List.of("--janitor-interval", "5s"));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), dir, SIDECAR, redis, sidecarJvm, args));
        List<SweepSeen> seen = new ArrayList<>();
        // A sweep pauses 10 ms between pages; allow it three times that per page, and the 5 s interval.
        Duration timeout = Duration.ofSeconds(60 + sweeps * (5 + 3 * (fields / PAGE) * 10 / 1000));
        long done = Poll.untilOrTimeout(timeout, Duration.ofMillis(200), () -> {
            SweepSeen last = SweepSeen.of(sidecar.status());
            if (last != null && (seen.isEmpty() || seen.get(seen.size() - 1).startedMillis() != last.startedMillis())) {
                seen.add(last);
            }
            return seen.size() >= sweeps;
        });
        session.release(sidecar);
        session.release(trace);
        session.release(redis);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fields", fields);
        out.put("liveInstances", LIVE_INSTANCES);
        out.put("plainHscanSeconds", plainSeconds.stream().map(s -> Stats.round(s, 3)).toList());
        out.put("plainHscanRedisCpuSeconds", plainCpu.stream().map(s -> Stats.round(s, 3)).toList());
        out.put("plainHscanMedianSeconds", Stats.round(median(plainSeconds), 3));
        out.put("plainHscanMedianRedisCpuSeconds", Stats.round(median(plainCpu), 3));
        out.put("redisIdleCpuPercent", Stats.round(100 * idleCpu / (IDLE_WINDOW.toMillis() / 1000.0), 2));
        out.put("finished", done != Poll.TIMED_OUT);
        if (done == Poll.TIMED_OUT) {
            out.put("timeoutSeconds", timeout.toSeconds());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> sweepSeconds = new ArrayList<>();
        List<Double> sweepCpu = new ArrayList<>();
        for (SweepSeen s : seen) {
            double seconds = s.durationMillis() / 1000.0;
            double cpu = trace.cpuBetween(s.startedMillis(), s.endMillis());
            sweepSeconds.add(seconds);
            sweepCpu.add(cpu);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seconds", Stats.round(seconds, 3));
            row.put("redisCpuSeconds", Stats.round(cpu, 3));
            row.put("instances", s.instances());
            row.put("deadInstances", s.deadInstances());
            row.put("deleted", s.deleted());
            rows.add(row);
        }
        out.put("sweeps", rows);
        if (!seen.isEmpty()) {
            double seconds = median(sweepSeconds);
            double cpu = median(sweepCpu);
            out.put("sweepMedianSeconds", Stats.round(seconds, 3));
            out.put("sweepMedianRedisCpuSeconds", Stats.round(cpu, 3));
            out.put("sweepRedisCpuPercent", Stats.round(100 * cpu / seconds, 2));
        }
        return out;
    }

    private static String live(int i) {
        return "janitor-bench-live-" + i;
    }

    /** One HSCAN pass over the registry, pages of the janitor's size back to back; returns the fields seen. */
    private static long plainPass(RespClient client) {
        long seen = 0;
        String cursor = "0";
        do {
            List<?> page = (List<?>) client.call("HSCAN", JanitorBench.REGISTRY, cursor, "COUNT", Integer.toString(PAGE));
            cursor = (String) page.get(0);
            seen += ((List<?>) page.get(1)).size() / 2;
        } while (!"0".equals(cursor));
        return seen;
    }

    private static double median(List<Double> values) {
        return Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
