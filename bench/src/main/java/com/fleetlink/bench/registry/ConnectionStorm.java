package com.fleetlink.bench.registry;

import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Devices against the real ingestion + sidecar + Redis, timed until Redis shows them.
 *
 * <p>First an unmeasured storm of {@code --warmup-devices}, reset, so the JIT has compiled the paths.
 *
 * <p>Part 1, the storm: {@code --devices} sockets (default 19,000: the open-file limit here is 20,000
 * per process and cannot be raised, and the ingestion holds one descriptor per device) do the IMEI
 * handshake at once, at most {@code --in-flight} outstanding. The figure is the time from the last
 * {@code 01} answer the devices read to the first {@code HLEN connections:registry == N}, polled every
 * millisecond. The devices are then reset and the time until {@code HLEN == 0} is reported too. The
 * CPU of every process, this one (the device client) included, says which side limited the storm.
 *
 * <p>Part 2, latency: {@code --rate} connects per second for {@code --latency-duration}; per device
 * the time from its {@code 01} to {@code HGET} naming our instance ({@link RegistryVisibility}), p50/p99,
 * and the ten slowest with the moment they came, so a stall shows as a bunch.
 *
 * <p>The sidecar runs with the pod's JVM options ({@link PodJvm}) unless {@code --sidecar-jvm}
 * gives others: its collector and heap decide its pauses, which are the latency part's tail.
 */
public final class ConnectionStorm implements BenchMain.Bench {
    private static final String REGISTRY = "connections:registry";
    private static final double TARGET_STORM_SECONDS = 1.0;
    private static final double TARGET_P99_MS = 5.0;
    /** Descriptors the benchmark JVM and the ingestion need besides the device sockets. */
    private static final int SPARE_FILES = 200;

    private final JarFlags jars;
    private final int devices;
    private final int inFlight;
    private final int warmupDevices;
    private final int rate;
    private final Duration latencyDuration;
    private final Duration visibleTimeout;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    private ConnectionStorm(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 19_000, "devices in the storm; at most the open-file limit minus " + SPARE_FILES);
        warmupDevices = flags.integer("warmup-devices", 2_000, "devices of an unmeasured storm first (JIT warm-up), 0 for none");
        inFlight = flags.integer("in-flight", 1_000, "handshakes outstanding at once during the storm");
        rate = flags.integer("rate", 1_000, "connects per second in the latency part");
        latencyDuration = flags.duration("latency-duration", "10s", "length of the latency part");
        visibleTimeout = flags.duration("visible-timeout", "90s",
                "longest wait for Redis to show every device; a run that hits it reports how many it showed");
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", PodJvm.sidecar(),
                "JVM options of the sidecar; by default the pod's, read from " + PodJvm.MANIFEST));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run, e.g. --reconcile-interval 10m"));
        long limit = ProcFs.openFileLimit();
        if (Math.max(devices, warmupDevices) + SPARE_FILES > limit) {
            throw new BenchFlags.UsageException("ConnectionStorm: the open-file limit is " + limit + " (ulimit -n), so at most "
                    + (limit - SPARE_FILES) + " devices fit; pass --devices or raise the limit");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("ConnectionStorm", args, Duration.ofMinutes(10), ConnectionStorm::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("ConnectionStorm: %,d devices at once (open-file limit %d), then %,d connects/s for %d s; sidecar JVM %s",
                devices, ProcFs.openFileLimit(), rate, latencyDuration.toSeconds(), sidecarJvm);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir()));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), "bench-storm", redis,
                sidecarJvm, sidecarArgs));
        IngestionProcess ingestion = session.own(Daemons.ingestion(jars.ingestion(), session.dir(), "ingestion",
                sidecar.socket(), List.of()));
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(10), "the ingestion to attach to the sidecar and its first snapshot to apply",
                () -> sidecar.status().path("heldComplete").asBoolean());
        RespClient observer = session.own(RespClient.connect(redis.port()));
        DeviceSockets sockets = session.own(new DeviceSockets("127.0.0.1", ingestion.port()));

        warmUp(observer, sockets);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("warmupDevices", warmupDevices);
        out.put("openFileLimit", ProcFs.openFileLimit());
        out.put("sidecarJvm", String.join(" ", sidecarJvm));
        out.put("sidecarArgs", String.join(" ", sidecarArgs));
        out.put("storm", storm(sidecar, ingestion, redis, observer, sockets));
        out.put("latency", latency(sidecar, redis, observer, sockets));
        return out;
    }

    /** A small storm and its reset, not measured: JIT-compiles the handshake and registry paths of all three processes. */
    private void warmUp(RespClient observer, DeviceSockets sockets) throws Exception {
        if (warmupDevices == 0) {
            return;
        }
        DeviceSockets.Outcome outcome = sockets.storm(warmupDevices, 5_000_000, inFlight, (i, imei, sent, ack) -> { })
                .get(120, TimeUnit.SECONDS);
        long visible = Poll.untilOrTimeout(visibleTimeout, Duration.ofMillis(5),
                () -> observer.hlen(REGISTRY) >= warmupDevices);
        sockets.closeAll(Duration.ofSeconds(60));
        Poll.until(visibleTimeout, Duration.ofMillis(5), "the warm-up devices to leave Redis",
                () -> observer.hlen(REGISTRY) == 0);
        BenchMain.say("warm-up: %,d devices connected, %s in Redis, reset (not counted)", outcome.accepted(),
                visible == Poll.TIMED_OUT ? "NOT all" : "all");
    }

    private Map<String, Object> storm(SidecarProcess sidecar, IngestionProcess ingestion, RedisServerProcess redis,
                                      RespClient observer, DeviceSockets sockets) throws Exception {
        String load = ProcFs.loadAverage();
        Cpu cpu = new Cpu(ingestion, sidecar, redis);
        long start = System.nanoTime();
        CompletableFuture<DeviceSockets.Outcome> storm = sockets.storm(devices, 0, inFlight, (i, imei, sent, ack) -> { });
        long visible = Poll.untilOrTimeout(visibleTimeout, Duration.ofMillis(1), () -> observer.hlen(REGISTRY) >= devices);
        DeviceSockets.Outcome outcome = storm.get(visibleTimeout.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loadAverage", load);
        m.put("accepted", outcome.accepted());
        m.put("failed", outcome.failed());
        if (outcome.firstFailure() != null) {
            m.put("firstFailure", outcome.firstFailure());
        }
        double handshakeSeconds = (outcome.lastAckNanos() - start) / 1e9;
        m.put("firstConnectToLastAckSeconds", Stats.round(handshakeSeconds, 3));
        m.put("handshakesPerSecond", Stats.round(outcome.accepted() / handshakeSeconds, 0));
        m.put("handshakeP50Ms", Stats.millis(Stats.percentile(outcome.handshakeNanos(), 50)));
        m.put("handshakeP99Ms", Stats.millis(Stats.percentile(outcome.handshakeNanos(), 99)));
        boolean completed = visible != Poll.TIMED_OUT;
        m.put("completed", completed);
        if (completed) {
            double lastAckToVisible = (visible - outcome.lastAckNanos()) / 1e9;
            m.put("lastAckToAllVisibleSeconds", Stats.round(lastAckToVisible, 3));
            m.put("firstConnectToAllVisibleSeconds", Stats.round((visible - start) / 1e9, 3));
            m.put("target", TARGET_STORM_SECONDS);
            m.put("pass", lastAckToVisible <= TARGET_STORM_SECONDS && outcome.failed() == 0);
            cpu.report(m, (visible - start) / 1e9);
            Map<String, String> entries = observer.hashEntries(REGISTRY);
            long ours = entries.values().stream().filter(sidecar.instanceId()::equals).count();
            m.put("fieldsNamingUs", ours);
            // Negative when Redis had them all before the devices read the last 01: the ingestion hands the
            // registration off before it writes the answer, and a busy client reads it late.
            BenchMain.say("storm: %,d handshakes in %.3f s (%,.0f/s, p99 %.1f ms); all %,d in Redis %.3f s %s the last ACK was read "
                            + "(target <= %.1f s: %s); CPU ingestion %s %%, sidecar %s %%, redis %s %%, device client %s %%; load %s",
                    outcome.accepted(), handshakeSeconds, outcome.accepted() / handshakeSeconds, m.get("handshakeP99Ms"),
                    devices, Math.abs(lastAckToVisible), lastAckToVisible < 0 ? "before" : "after", TARGET_STORM_SECONDS,
                    (boolean) m.get("pass") ? "pass" : "FAIL",
                    m.get("ingestionCpuPercent"), m.get("sidecarCpuPercent"), m.get("redisCpuPercent"),
                    m.get("deviceClientCpuPercent"), load);
        } else {
            long reached = observer.hlen(REGISTRY);
            m.put("visibleAtTimeout", reached);
            m.put("timeoutSeconds", visibleTimeout.toSeconds());
            m.put("sidecarPendingAtTimeout", sidecar.status().path("pending").asLong());
            m.put("target", TARGET_STORM_SECONDS);
            m.put("pass", false);
            cpu.report(m, (System.nanoTime() - start) / 1e9);
            BenchMain.say("storm: %,d handshakes in %.3f s; only %,d of %,d in Redis after %d s (TIMED OUT, sidecar pending %s); "
                            + "CPU ingestion %s %%, sidecar %s %%, redis %s %%; load %s",
                    outcome.accepted(), handshakeSeconds, reached, devices, visibleTimeout.toSeconds(),
                    m.get("sidecarPendingAtTimeout"), m.get("ingestionCpuPercent"), m.get("sidecarCpuPercent"),
                    m.get("redisCpuPercent"), load);
        }
        long closeStart = System.nanoTime();
        sockets.closeAll(Duration.ofSeconds(60));
        long empty = Poll.untilOrTimeout(visibleTimeout, Duration.ofMillis(1), () -> observer.hlen(REGISTRY) == 0);
        if (empty == Poll.TIMED_OUT) {
            m.put("resetToEmptySeconds", null);
            BenchMain.say("storm: after resetting the devices, %,d fields still there after %d s", observer.hlen(REGISTRY),
                    visibleTimeout.toSeconds());
        } else {
            m.put("resetToEmptySeconds", Stats.round((empty - closeStart) / 1e9, 3));
            BenchMain.say("storm: all devices reset; registry empty %.3f s later", (empty - closeStart) / 1e9);
        }
        return m;
    }

    private Map<String, Object> latency(SidecarProcess sidecar, RedisServerProcess redis, RespClient observer,
                                        DeviceSockets sockets) throws Exception {
        int count = (int) (rate * latencyDuration.toMillis() / 1000);
        Map<String, Object> m = new LinkedHashMap<>();
        long idle = Poll.untilOrTimeout(visibleTimeout, Duration.ofMillis(10),
                () -> sidecar.status().path("pending").asInt(-1) == 0);
        if (idle == Poll.TIMED_OUT || observer.hlen(REGISTRY) != 0) {
            // New registrations would queue behind the backlog: the latency would measure the backlog.
            long pending = sidecar.status().path("pending").asLong();
            m.put("skipped", "the sidecar still had " + pending + " devices pending and Redis " + observer.hlen(REGISTRY)
                    + " fields " + visibleTimeout.toSeconds() + " s after the storm's reset");
            m.put("pass", false);
            BenchMain.say("latency: SKIPPED, %s", m.get("skipped"));
            return m;
        }
        String load = ProcFs.loadAverage();
        try (RegistryVisibility watcher = new RegistryVisibility(redis, sidecar.instanceId())) {
            CompletableFuture<DeviceSockets.Outcome> paced = sockets.paced(count, 1_000_000, rate,
                    (i, imei, sent, ack) -> watcher.expect(imei, ack));
            DeviceSockets.Outcome outcome = paced.get(latencyDuration.toSeconds() + 60, TimeUnit.SECONDS);
            long[] latencies = watcher.await(outcome.accepted(), Duration.ofSeconds(30));
            m.put("loadAverage", load);
            m.put("connectsPerSecond", rate);
            m.put("devices", count);
            m.put("accepted", outcome.accepted());
            m.put("failed", outcome.failed());
            m.put("measured", latencies.length);
            m.put("keyspaceNotifications", watcher.notifications());
            m.put("handshakeP50Ms", Stats.millis(Stats.percentile(outcome.handshakeNanos(), 50)));
            m.put("handshakeP99Ms", Stats.millis(Stats.percentile(outcome.handshakeNanos(), 99)));
            m.put("ackToVisibleP50Ms", Stats.millis(Stats.percentile(latencies, 50)));
            m.put("ackToVisibleP99Ms", Stats.millis(Stats.percentile(latencies, 99)));
            m.put("ackToVisibleMaxMs", Stats.millis(latencies.length == 0 ? -1 : latencies[latencies.length - 1]));
            m.put("slowestAtMsAfterStart", watcher.slowest(10));
            m.put("target", TARGET_P99_MS);
            boolean all = latencies.length == outcome.accepted() && outcome.failed() == 0;
            double p99 = Stats.percentile(latencies, 99) / 1e6;
            m.put("pass", all && p99 <= TARGET_P99_MS);
            BenchMain.say("latency: %,d devices at %,d/s; 01 -> visible in Redis p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                            + "(target p99 <= %.0f ms: %s); %,d of %,d measured; load %s",
                    outcome.accepted(), rate, m.get("ackToVisibleP50Ms"), m.get("ackToVisibleP99Ms"), m.get("ackToVisibleMaxMs"),
                    TARGET_P99_MS, (boolean) m.get("pass") ? "pass" : "FAIL", latencies.length, outcome.accepted(), load);
        }
        observer.call("CONFIG", "SET", "notify-keyspace-events", "");
        return m;
    }

    /** CPU used by the three processes, and by the busiest threads of the two JVMs, since it was made. */
    private static final class Cpu {
        private static final String[] NAMES = {"ingestion", "sidecar", "redis", "deviceClient"};
        private final long[] pids;
        private final double[] start;
        private final List<Map<String, Double>> threads = new java.util.ArrayList<>();

        Cpu(IngestionProcess ingestion, SidecarProcess sidecar, RedisServerProcess redis) {
            // The devices live in this JVM: if it is the one at 100 %, the storm measured the client.
            pids = new long[] {ingestion.pid(), sidecar.pid(), redis.pid(), ProcessHandle.current().pid()};
            start = new double[pids.length];
            for (int i = 0; i < pids.length; i++) {
                start[i] = ProcFs.cpuSeconds(pids[i]);
                threads.add(ProcFs.threadCpuSeconds(pids[i]));
            }
        }

        void report(Map<String, Object> m, double seconds) {
            for (int i = 0; i < pids.length; i++) {
                double used = ProcFs.cpuSeconds(pids[i]) - start[i];
                m.put(NAMES[i] + "CpuSeconds", Stats.round(used, 2));
                m.put(NAMES[i] + "CpuPercent", Stats.round(100 * used / seconds, 0));
            }
            for (int i : new int[] {0, 1, 3}) {
                m.put(NAMES[i] + "BusiestThreads", ProcFs.busiestThreads(threads.get(i), ProcFs.threadCpuSeconds(pids[i]), 5));
            }
        }
    }
}
