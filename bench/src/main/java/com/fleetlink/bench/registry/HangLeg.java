package com.fleetlink.bench.registry;

import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One leg of {@link RedisHang}, on its own redis-server and sidecar: after an empty snapshot and
 * {@code CONFIG RESETSTAT}, N {@code register} lines go to the sidecar at the start of a window;
 * Redis is SIGSTOPped for the window or keeps running; after it (SIGCONT) the leg waits until
 * {@code HLEN} is N and the sidecar has nothing pending, then reads the script calls Redis ran.
 * Windows longer than a minute also read the sidecar's RSS after the first minute and at the end.
 */
final class HangLeg {
    private static final String REGISTRY = "connections:registry";
    private static final Duration FIRST_MINUTE = Duration.ofMinutes(1);

    /**
     * What one leg measured.
     *
     * @param rssAfterFirstMinute the sidecar's RSS one minute into the window, -1 when the window is not longer
     * @param rssAtWindowEnd      the sidecar's RSS at the window's end (before SIGCONT)
     */
    record Result(boolean converged, long scriptCalls, long rssAfterFirstMinute, long rssAtWindowEnd, Map<String, Object> figures) {
        /** RSS at the end minus after the first minute, or {@code null} when the first was not read. */
        Long rssGrowth() {
            return rssAfterFirstMinute < 0 ? null : rssAtWindowEnd - rssAfterFirstMinute;
        }
    }

    private final JarFlags jars;
    private final int devices;
    private final Duration window;
    private final Duration convergeTimeout;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    HangLeg(JarFlags jars, int devices, Duration window, Duration convergeTimeout, List<String> sidecarJvm, List<String> sidecarArgs) {
        this.jars = jars;
        this.devices = devices;
        this.window = window;
        this.convergeTimeout = convergeTimeout;
        this.sidecarJvm = sidecarJvm;
        this.sidecarArgs = sidecarArgs;
    }

    /** Runs the leg in its own subdirectory {@code name}, with Redis paused for the window when {@code hang}. */
    Result run(BenchSession session, String name, boolean hang) {
        Path dir = session.subdirectory(name);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(dir));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), dir, "bench-hang", redis, sidecarJvm, sidecarArgs));
        FakeIngestion peer = session.own(FakeIngestion.connect(sidecar.socket()));
        RespClient observer = session.own(RespClient.connect(redis.port()));
        try {
            return measure(redis, sidecar, peer, observer, hang);
        } finally {
            // The next leg starts from nothing: no process of this one may still write.
            List.of(observer, peer, sidecar, redis).forEach(session::release);
        }
    }

    private Result measure(RedisServerProcess redis, SidecarProcess sidecar, FakeIngestion peer, RespClient observer, boolean hang) {
        peer.write(EventLines.snapshot("empty", 0, 0));
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(5), "the empty snapshot to apply",
                () -> sidecar.status().path("heldComplete").asBoolean());
        sidecar.awaitIdle(Duration.ofSeconds(10));
        byte[] registers = EventLines.registers(0, devices, 1);
        observer.call("CONFIG", "RESETSTAT");
        String load = ProcFs.loadAverage();

        long start = System.nanoTime();
        if (hang) {
            redis.pause();
        }
        peer.write(registers);
        long rssAfterFirstMinute = -1;
        if (window.compareTo(FIRST_MINUTE) > 0) {
            holdUntil(start + FIRST_MINUTE.toNanos());
            rssAfterFirstMinute = ProcFs.rssBytes(sidecar.pid());
        }
        holdUntil(start + window.toNanos());
        long rssAtWindowEnd = ProcFs.rssBytes(sidecar.pid());
        if (hang) {
            redis.resume();
        }
        long windowEnd = System.nanoTime();
        long whole = Poll.untilOrTimeout(convergeTimeout, Duration.ofMillis(10),
                () -> observer.hlen(REGISTRY) == devices && sidecar.status().path("pending").asInt(-1) == 0);
        long calls = observer.commandCalls("evalsha") + observer.commandCalls("eval");

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("redisPaused", hang);
        m.put("windowSeconds", Stats.round((windowEnd - start) / 1e9, 3));
        m.put("loadAverage", load);
        m.put("converged", whole != Poll.TIMED_OUT);
        if (whole == Poll.TIMED_OUT) {
            m.put("visibleAtTimeout", observer.hlen(REGISTRY));
            m.put("timeoutSeconds", convergeTimeout.toSeconds());
        } else {
            m.put("windowEndToWholeSeconds", Stats.round((whole - windowEnd) / 1e9, 3));
            m.put("fieldsNamingOthers", observer.hashEntries(REGISTRY).values().stream()
                    .filter(v -> !v.equals(sidecar.instanceId())).count());
        }
        m.put("scriptCalls", calls);
        m.put("sidecarRssAfterFirstMinuteMiB", rssAfterFirstMinute < 0 ? null : mib(rssAfterFirstMinute));
        m.put("sidecarRssAtWindowEndMiB", mib(rssAtWindowEnd));
        m.put("resyncs", peer.resyncs());
        return new Result(whole != Poll.TIMED_OUT, calls, rssAfterFirstMinute, rssAtWindowEnd, m);
    }

    /**
     * Waits on the clock: the window is the measurement itself (the same length in both legs, so
     * heartbeats and reconcile passes fall in both alike), not a stand-in for a condition.
     */
    private static void holdUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static double mib(long bytes) {
        return Stats.round(bytes / 1048576.0, 1);
    }
}
