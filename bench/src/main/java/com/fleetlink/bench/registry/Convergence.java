package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast the registry comes back after Redis restarts empty, and what the sidecar's memory is
 * with 100,000 devices held.
 *
 * <p>The benchmark plays the ingestion on the socket ({@link FakeIngestion}: one process, no TCP
 * ports): hello and a snapshot of {@code --devices} IMEIs in chunks of 1,000, then waits until
 * {@code HLEN connections:registry} has them all. It reads the sidecar's {@code VmRSS}, then
 * {@code --restarts} times kills redis-server (SIGKILL), starts an empty one on the same port and
 * times until {@code HLEN} is back to {@code --devices}, polled every millisecond. The figure is the
 * median, counted from the moment the new Redis answers PING (its start-up is not the sidecar's
 * doing); the time from the kill is reported too. The sidecar runs with the pod's JVM options
 * ({@link PodJvm}: the manifest's {@code JAVA_OPTS} under its memory and CPU limits) unless
 * {@code --sidecar-jvm} gives others. Memory per held entry: the sidecar's RSS and its live heap after a full GC
 * ({@code jcmd GC.class_histogram}) at N held minus the same before the snapshot, divided by N.
 */
public final class Convergence implements BenchMain.Bench {
    private static final String REGISTRY = "connections:registry";
    private static final double TARGET_SECONDS = 2.0;
    private static final long TARGET_RSS_BYTES = 128L * 1024 * 1024;

    private final JarFlags jars;
    private final int devices;
    private final int restarts;
    private final Duration convergeTimeout;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;
    private final boolean nmt;
    private RespClient observer;

    private Convergence(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 100_000, "IMEIs held (sent as one snapshot)");
        restarts = flags.integer("restarts", 3, "Redis restarts; the median is the figure");
        convergeTimeout = flags.duration("converge-timeout", "90s",
                "longest wait for the registry to be whole again; a restart that hits it reports how far it got");
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", PodJvm.sidecar(),
                "JVM options of the sidecar; by default the pod's, read from " + PodJvm.MANIFEST));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run, e.g. --reconcile-interval 10m"));
        nmt = Boolean.parseBoolean(flags.text("nmt", "false",
                "also run the sidecar with -XX:NativeMemoryTracking=summary and report where its memory goes (costs a little memory itself)"));
        if (devices < 1 || restarts < 1) {
            throw new BenchFlags.UsageException("Convergence: --devices and --restarts must be positive");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("Convergence", args, Duration.ofMinutes(10), Convergence::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) {
        BenchMain.say("Convergence: %,d devices held, %d Redis restarts, sidecar JVM %s", devices, restarts, sidecarJvm);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir()));
        List<String> jvm = new ArrayList<>(sidecarJvm);
        if (nmt) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), "bench-converge", redis,
                jvm, sidecarArgs));
        byte[] snapshot = EventLines.snapshot("bench", 0, devices);
        FakeIngestion peer = session.own(FakeIngestion.connect(sidecar.socket()));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("sidecarJvm", String.join(" ", jvm));
        out.put("sidecarArgs", String.join(" ", sidecarArgs));
        // Before anything is held: the per-entry cost is the difference to the same readings at N held.
        Map<String, Object> empty = footprint(sidecar);
        out.put("footprintAtZeroHeld", empty);
        String load = ProcFs.loadAverage();
        long t0 = System.nanoTime();
        peer.write(snapshot);
        long filled = Poll.untilOrTimeout(convergeTimeout, Duration.ofMillis(1), () -> observe(redis) >= devices);
        if (filled == Poll.TIMED_OUT) {
            long reached = observe(redis);
            out.put("initialFill", Map.of("completed", false, "visibleAtTimeout", reached,
                    "timeoutSeconds", convergeTimeout.toSeconds(), "loadAverage", load));
            BenchMain.say("initial snapshot: only %,d of %,d in Redis after %d s (TIMED OUT); no restarts measured",
                    reached, devices, convergeTimeout.toSeconds());
            out.put("rss", rss(sidecar));
            out.put("pass", false);
            return out;
        }
        double fillSeconds = (filled - t0) / 1e9;
        out.put("initialFill", Map.of("completed", true, "seconds", Stats.round(fillSeconds, 3),
                "devicesPerSecond", Stats.round(devices / fillSeconds, 0), "loadAverage", load));
        BenchMain.say("snapshot of %,d devices in Redis after %.3f s (%,.0f/s); load %s", devices, fillSeconds,
                devices / fillSeconds, load);
        sidecar.awaitIdle(Duration.ofSeconds(30));
        Map<String, Object> rss = rss(sidecar);
        out.put("rss", rss);
        Map<String, Object> held = footprint(sidecar);
        out.put("footprintAtAllHeld", held);
        out.put("bytesPerHeldEntry", perEntry(empty, held));
        BenchMain.say("per held entry: %s (RSS and live heap after a full GC, %,d held vs 0)", out.get("bytesPerHeldEntry"), devices);
        if (nmt) {
            Map<String, Long> kib = NativeMemory.committedKiB(sidecar.pid());
            out.put("nativeMemoryCommittedKiB", kib);
            BenchMain.say("native memory tracking, committed KiB: %s", kib);
        }
        BenchMain.say("sidecar RSS at %,d held: %.1f MiB (peak %.1f MiB); target <= 128 MiB: %s", devices,
                (long) rss.get("vmRssBytes") / 1048576.0, (long) rss.get("vmHwmBytes") / 1048576.0,
                (boolean) rss.get("pass") ? "pass" : "FAIL");

        List<Map<String, Object>> perRestart = new ArrayList<>();
        List<Double> fromReady = new ArrayList<>();
        for (int r = 0; r < restarts; r++) {
            Map<String, Object> one = restart(redis, sidecar, r);
            perRestart.add(one);
            if (!(boolean) one.get("completed")) {
                break;
            }
            fromReady.add((double) one.get("readyToWholeSeconds"));
        }
        out.put("restarts", perRestart);
        boolean completed = perRestart.stream().allMatch(m -> (boolean) m.get("completed"));
        double median = Stats.median(fromReady.stream().mapToDouble(Double::doubleValue).toArray());
        out.put("allRestartsCompleted", completed);
        out.put("readyToWholeSecondsMedian", Stats.round(median, 3));
        out.put("target", TARGET_SECONDS);
        out.put("pass", completed && median <= TARGET_SECONDS);
        Map<String, Object> after = rss(sidecar);
        out.put("rssAfterRestarts", after);
        out.put("fakeIngestionPongs", peer.pongs());
        BenchMain.say("median %.3f s from the new Redis answering to all %,d back (target <= %.1f s: %s); RSS now %.1f MiB (peak %.1f MiB)",
                median, devices, TARGET_SECONDS, completed && median <= TARGET_SECONDS ? "pass" : "FAIL",
                (long) after.get("vmRssBytes") / 1048576.0, (long) after.get("vmHwmBytes") / 1048576.0);
        return out;
    }

    private Map<String, Object> restart(RedisServerProcess redis, SidecarProcess sidecar, int r) {
        String load = ProcFs.loadAverage();
        double cpu0 = ProcFs.cpuSeconds(sidecar.pid());
        Map<String, Double> threads0 = ProcFs.threadCpuSeconds(sidecar.pid());
        long killed = System.nanoTime();
        redis.kill();
        redis.startAgain();
        long ready = System.nanoTime();
        double redisCpu0 = ProcFs.cpuSeconds(redis.pid());
        long whole = Poll.untilOrTimeout(convergeTimeout, Duration.ofMillis(1), () -> observe(redis) >= devices);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("restart", r + 1);
        m.put("loadAverage", load);
        m.put("killToReadySeconds", Stats.round((ready - killed) / 1e9, 3));
        if (whole == Poll.TIMED_OUT) {
            long reached = observe(redis);
            m.put("completed", false);
            m.put("visibleAtTimeout", reached);
            m.put("timeoutSeconds", convergeTimeout.toSeconds());
            m.put("sidecarPendingAtTimeout", sidecar.status().path("pending").asLong());
            BenchMain.say("restart %d: only %,d of %,d back after %d s (TIMED OUT); load %s", r + 1, reached, devices,
                    convergeTimeout.toSeconds(), load);
            return m;
        }
        double fromReady = (whole - ready) / 1e9;
        double seconds = (whole - killed) / 1e9;
        m.put("completed", true);
        m.put("readyToWholeSeconds", Stats.round(fromReady, 3));
        m.put("killToWholeSeconds", Stats.round(seconds, 3));
        m.put("sidecarCpuSeconds", Stats.round(ProcFs.cpuSeconds(sidecar.pid()) - cpu0, 2));
        m.put("sidecarBusiestThreads", ProcFs.busiestThreads(threads0, ProcFs.threadCpuSeconds(sidecar.pid()), 5));
        m.put("redisCpuSeconds", Stats.round(ProcFs.cpuSeconds(redis.pid()) - redisCpu0, 2));
        try (RespClient client = RespClient.connect(redis.port())) {
            Map<String, String> entries = client.hashEntries(REGISTRY);
            m.put("fieldsNamingUs", entries.values().stream().filter(sidecar.instanceId()::equals).count());
        }
        JsonNode status = sidecar.awaitIdle(Duration.ofSeconds(30));
        m.put("repairedTotal", status.path("reconcile").path("repaired").asLong());
        BenchMain.say("restart %d: Redis back %.3f s after the kill; all %,d entries %.3f s after that (%.3f s from the kill); "
                        + "sidecar CPU %.2f s (busiest threads: %s), redis CPU %.2f s; load %s",
                r + 1, (ready - killed) / 1e9, devices, fromReady, seconds, m.get("sidecarCpuSeconds"),
                m.get("sidecarBusiestThreads"), m.get("redisCpuSeconds"), load);
        return m;
    }

    /**
     * HLEN on the observer connection, reconnecting when the previous one died with the killed
     * server (a new connection per poll would leave a thousand ports a second in TIME_WAIT).
     */
    private long observe(RedisServerProcess redis) {
        try {
            if (observer == null) {
                observer = RespClient.connect(redis.port());
            }
            return observer.hlen(REGISTRY);
        } catch (RuntimeException e) {
            if (observer != null) {
                observer.close();
                observer = null;
            }
            return -1;
        }
    }

    /**
     * The sidecar's resident set, then its live heap after a full collection (read in that order: the
     * collection may return memory to the OS).
     */
    private static Map<String, Object> footprint(SidecarProcess sidecar) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vmRssBytes", ProcFs.rssBytes(sidecar.pid()));
        try {
            m.put("liveHeapBytes", Jcmd.liveHeapBytes(sidecar.pid()));
        } catch (BenchFailure e) {
            m.put("liveHeapError", e.getMessage());
        }
        return m;
    }

    /** (at N held − at 0 held) ÷ N, for each reading both have. */
    private Map<String, Object> perEntry(Map<String, Object> empty, Map<String, Object> held) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("vmRssBytes", "liveHeapBytes")) {
            if (empty.get(key) instanceof Long zero && held.get(key) instanceof Long all) {
                m.put(key, Stats.round((all - zero) / (double) devices, 1));
            }
        }
        return m;
    }

    private static Map<String, Object> rss(SidecarProcess sidecar) {
        long rss = ProcFs.rssBytes(sidecar.pid());
        long hwm = ProcFs.peakRssBytes(sidecar.pid());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vmRssBytes", rss);
        m.put("vmHwmBytes", hwm);
        m.put("vmRssMiB", Stats.round(rss / 1048576.0, 1));
        m.put("targetBytes", TARGET_RSS_BYTES);
        m.put("pass", rss <= TARGET_RSS_BYTES);
        return m;
    }
}
