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
 * Register/unregister events per second from the sidecar's socket into Redis, event log on.
 *
 * <p>The benchmark plays the ingestion on the Unix socket ({@link FakeIngestion}): hello, an empty
 * snapshot, then {@code --events}/2 {@code register} lines of distinct IMEIs, written as fast as the
 * socket takes them, and the clock runs until {@code HLEN connections:registry} equals that count
 * (polled every millisecond on a separate connection); then as many {@code unregister} lines of the
 * same sockets until {@code HLEN} is 0. Sequence numbers run on without a gap, so the sidecar never
 * asks for a resync. The phases are not overlapped on purpose: the sidecar keeps state, not commands,
 * so a register still waiting when its unregister arrives is never written at all, and "events per
 * second" would then count work that was skipped. Events/s = events ÷ (register phase + unregister
 * phase). A first run of {@code --warmup-events} is reported but not counted (the JIT is still
 * compiling during it); the figure is the median of {@code --runs}.
 *
 * <p>For scale, each run is preceded by {@code redis-benchmark -t hset -P 64} on the same Redis: the
 * ratio says how close the sidecar gets to what Redis alone does with pipelined HSETs. It is taken
 * within each run (the run's events/s ÷ the {@code redis-benchmark} just before it), so a machine
 * whose speed drifts moves both sides alike; the figure is the median of those ratios, with their
 * range. {@code redis-benchmark} updates one field of a small hash over and over; the registry's
 * writes insert and delete distinct fields in two large ones, which costs Redis more. So each run
 * also measures {@link ContractFloor}, the run's own events written as the contract's bare writes
 * with no sidecar in the way, and reports its ratio to {@code redis-benchmark}: no writer of the
 * contract can get above it here. The sidecar runs with the pod's JVM options ({@link PodJvm}) unless
 * {@code --sidecar-jvm} gives others. Each run also
 * reports the CPU of the sidecar (and its busiest threads) and of Redis, the scripts Redis ran, the
 * time Redis spent in them per event of each phase and
 * the socket reads it made, to show which side limits.
 */
public final class SidecarThroughput implements BenchMain.Bench {
    private static final double TARGET_EVENTS_PER_SECOND = 100_000;
    private static final String REGISTRY = "connections:registry";

    private final JarFlags jars;
    private final int events;
    private final int runs;
    private final int warmupEvents;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;
    private final Duration phaseTimeout;

    private SidecarThroughput(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        events = flags.integer("events", 200_000, "events per run, half register and half unregister");
        runs = flags.integer("runs", 5, "runs, each with its own redis-benchmark; the median is the figure");
        warmupEvents = flags.integer("warmup-events", 200_000,
                "events of a first run that is not counted (JIT warm-up: with less, C2 is still compiling in the measured runs)");
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", PodJvm.sidecar(),
                "JVM options of the sidecar; by default the pod's, read from " + PodJvm.MANIFEST));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run, e.g. --reconcile-interval 10m"));
        phaseTimeout = flags.duration("phase-timeout", "90s",
                "longest wait for Redis to reflect one phase; a run that hits it reports how far it got and ends the runs");
        if (events < 2 || events % 2 != 0 || warmupEvents < 2 || warmupEvents % 2 != 0 || runs < 1) {
            throw new BenchFlags.UsageException("SidecarThroughput: --events must be even and positive, --runs positive");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("SidecarThroughput", args, Duration.ofMinutes(10), SidecarThroughput::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) {
        BenchMain.say("SidecarThroughput: %,d events per run (%,d register + %,d unregister), %d runs, sidecar JVM %s",
                events, events / 2, events / 2, runs, sidecarJvm);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir()));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), "bench-throughput",
                redis, sidecarJvm, sidecarArgs));
        RespClient observer = session.own(RespClient.connect(redis.port()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", events);
        out.put("sidecarJvm", String.join(" ", sidecarJvm));
        out.put("sidecarArgs", String.join(" ", sidecarArgs));
        List<Map<String, Object>> perRun = new ArrayList<>();
        // The warm-up is run -1: its figures are reported, never counted.
        for (int r = -1; r < runs; r++) {
            double hset = 0;
            Map<String, Object> floor = Map.of();
            if (r >= 0) {
                hset = RedisTools.hsetPerSecond(redis.port(), events);
                // redis-benchmark leaves its key behind; keep Redis as the run found it.
                observer.call("DEL", "myhash");
                floor = ContractFloor.measure(redis.port(), sidecar.instanceId(), firstImei(r), events / 2);
            }
            Map<String, Object> run = oneRun(session, sidecar, redis, observer, r, r < 0 ? warmupEvents : events);
            String label = r < 0 ? "warm-up" : "run " + (r + 1);
            if (r < 0) {
                out.put("warmup", run);
            } else {
                run.put("redisBenchmarkHsetPerSecond", Stats.round(hset, 0));
                run.putAll(floor);
                perRun.add(run);
            }
            if (!(boolean) run.get("completed")) {
                BenchMain.say("%s: TIMED OUT after %.1f s with %,d of %,d registrations visible in Redis (%,.0f/s), "
                                + "sidecar pending %s, sidecar CPU %.0f %%, redis CPU %.0f %%; load %s; no further runs",
                        label, run.get("registerSeconds"), run.get("registersVisibleAtTimeout"),
                        (r < 0 ? warmupEvents : events) / 2, run.get("eventsPerSecond"), run.get("sidecarPendingAtTimeout"),
                        run.get("sidecarCpuPercent"), run.get("redisCpuPercent"), run.get("loadAverage"));
                break;
            }
            BenchMain.say("%s: %,.0f events/s (register %.3f s, unregister %.3f s)%s; sidecar CPU %.0f %% "
                            + "(busiest threads, CPU s: %s), redis CPU %.0f %%, %s scripts in %s reads "
                            + "(script µs per register %s, per unregister %s); load %s",
                    label, run.get("eventsPerSecond"), run.get("registerSeconds"), run.get("unregisterSeconds"),
                    r < 0 ? " (not counted)" : String.format(java.util.Locale.ROOT,
                            "; redis-benchmark HSET -P 64: %,.0f/s; the contract's bare writes: %,.0f events/s", hset,
                            run.get("contractFloorEventsPerSecond")),
                    run.get("sidecarCpuPercent"), run.get("sidecarBusiestThreads"), run.get("redisCpuPercent"),
                    run.get("redisScriptCalls"), run.get("redisReadsProcessed"), run.get("redisScriptMicrosPerRegister"),
                    run.get("redisScriptMicrosPerUnregister"), run.get("loadAverage"));
        }
        boolean completed = out.containsKey("warmup") && (boolean) ((Map<?, ?>) out.get("warmup")).get("completed")
                && perRun.size() == runs && perRun.stream().allMatch(r -> (boolean) r.get("completed"));
        List<Map<String, Object>> measured = perRun.stream().filter(r -> (boolean) r.get("completed")).toList();
        double median = Stats.median(Stats.column(measured, "eventsPerSecond"));
        double hsetMedian = Stats.median(Stats.column(measured, "redisBenchmarkHsetPerSecond"));
        RepeatedRatio ratio = measured.isEmpty() ? null
                : RepeatedRatio.within(measured, "eventsPerSecond", "redisBenchmarkHsetPerSecond");
        out.put("allRunsCompleted", completed);
        out.put("runs", perRun);
        out.put("eventsPerSecondMedian", measured.isEmpty() ? null : Stats.round(median, 0));
        out.put("redisBenchmarkHsetPerSecondMedian", measured.isEmpty() ? null : Stats.round(hsetMedian, 0));
        out.put("ratioToRedisBenchmark", ratio == null ? null : ratio.median());
        out.put("redisBenchmarkRatio", ratio == null ? null : ratio.toJson());
        RepeatedRatio floorRatio = measured.isEmpty() ? null
                : RepeatedRatio.within(measured, "contractFloorEventsPerSecond", "redisBenchmarkHsetPerSecond");
        RepeatedRatio toFloor = measured.isEmpty() ? null
                : RepeatedRatio.within(measured, "eventsPerSecond", "contractFloorEventsPerSecond");
        out.put("contractFloorEventsPerSecondMedian", measured.isEmpty() ? null
                : Stats.round(Stats.median(Stats.column(measured, "contractFloorEventsPerSecond")), 0));
        out.put("contractFloorRatio", floorRatio == null ? null : floorRatio.toJson());
        out.put("sidecarToContractFloorRatio", toFloor == null ? null : toFloor.toJson());
        // The figure before issue 14's second round (median events/s ÷ median redis-benchmark), for comparison.
        out.put("medianOverMedianRatio", measured.isEmpty() ? null : Stats.round(median / hsetMedian, 3));
        out.put("target", TARGET_EVENTS_PER_SECOND);
        out.put("pass", completed && median >= TARGET_EVENTS_PER_SECOND);
        if (ratio != null) {
            BenchMain.say("median %,.0f events/s%s (target >= %,.0f: %s); redis-benchmark HSET median %,.0f/s; "
                            + "ratio within each run: median %.3f (%.3f-%.3f)",
                    median, completed ? "" : " over what completed", TARGET_EVENTS_PER_SECOND,
                    completed && median >= TARGET_EVENTS_PER_SECOND ? "pass" : "FAIL", hsetMedian, ratio.median(),
                    ratio.min(), ratio.max());
            BenchMain.say("the contract's bare writes (no sidecar) ÷ redis-benchmark: median %.3f (%.3f-%.3f); "
                            + "sidecar ÷ the bare writes: median %.3f (%.3f-%.3f)",
                    floorRatio.median(), floorRatio.min(), floorRatio.max(), toFloor.median(), toFloor.min(), toFloor.max());
        }
        return out;
    }

    private Map<String, Object> oneRun(BenchSession session, SidecarProcess sidecar, RedisServerProcess redis,
                                       RespClient observer, int run, int events) {
        int half = events / 2;
        long firstImei = firstImei(run);
        byte[] registers = EventLines.registers(firstImei, half, 1);
        byte[] unregisters = EventLines.unregisters(firstImei, half, half + 1);
        if (observer.hlen(REGISTRY) != 0) {
            throw new BenchFailure("the registry is not empty before run " + (run + 1));
        }
        FakeIngestion peer = session.own(FakeIngestion.connect(sidecar.socket()));
        peer.write(EventLines.snapshot("empty", 0, 0));
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(5), "the empty snapshot to apply",
                () -> sidecar.status().path("heldComplete").asBoolean());
        sidecar.awaitIdle(Duration.ofSeconds(10));
        observer.call("CONFIG", "RESETSTAT");
        String load = ProcFs.loadAverage();
        double sidecarCpu0 = ProcFs.cpuSeconds(sidecar.pid());
        Map<String, Double> threads0 = ProcFs.threadCpuSeconds(sidecar.pid());
        double redisCpu0 = ProcFs.cpuSeconds(redis.pid());

        long t0 = System.nanoTime();
        peer.write(registers);
        long sentRegisters = System.nanoTime();
        long t1 = Poll.untilOrTimeout(phaseTimeout, Duration.ofMillis(1), () -> observer.hlen(REGISTRY) == half);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run + 1);
        m.put("loadAverage", load);
        if (t1 == Poll.TIMED_OUT) {
            // Reported, not thrown: how far the sidecar got is the figure when it stalls.
            long reached = observer.hlen(REGISTRY);
            double seconds = (System.nanoTime() - t0) / 1e9;
            m.put("completed", false);
            m.put("registersVisibleAtTimeout", reached);
            m.put("registerSeconds", Stats.round(seconds, 3));
            m.put("eventsPerSecond", Stats.round(reached / seconds, 0));
            m.put("registersPerSecond", Stats.round(reached / seconds, 0));
            m.put("sidecarPendingAtTimeout", sidecar.status().path("pending").asLong());
            addCpu(m, sidecar, redis, sidecarCpu0, redisCpu0, seconds);
            m.put("sidecarBusiestThreads", ProcFs.busiestThreads(threads0, ProcFs.threadCpuSeconds(sidecar.pid()), 6));
            m.put("redisScriptCalls", observer.commandCalls("evalsha") + observer.commandCalls("eval"));
            m.put("redisReadsProcessed", Long.parseLong(observer.info("stats", "total_reads_processed")));
            session.release(peer);
            return m;
        }
        // Outside the clock: every field must name this instance, not merely exist.
        Map<String, String> entries = observer.hashEntries(REGISTRY);
        long wrong = entries.values().stream().filter(v -> !v.equals(sidecar.instanceId())).count();
        if (entries.size() != half || wrong != 0 || !entries.containsKey(EventLines.imei(firstImei + half - 1))) {
            throw new BenchFailure("after the registers the registry holds " + entries.size() + " fields, " + wrong
                    + " naming someone else");
        }
        long registerScriptMicros = scriptMicros(observer);
        long t2 = System.nanoTime();
        peer.write(unregisters);
        long sentUnregisters = System.nanoTime();
        long t3 = Poll.until(phaseTimeout, Duration.ofMillis(1), "HLEN " + REGISTRY + " == 0",
                () -> observer.hlen(REGISTRY) == 0);

        double registerSeconds = (t1 - t0) / 1e9;
        double unregisterSeconds = (t3 - t2) / 1e9;
        double measured = registerSeconds + unregisterSeconds;
        JsonNode status = sidecar.status();
        if (peer.resyncs() != 0 || status.path("ingestion").path("lastSeq").asLong() != events) {
            throw new BenchFailure("the sidecar saw a gap: resyncs " + peer.resyncs() + ", lastSeq " + status.path("ingestion").path("lastSeq"));
        }
        session.release(peer);

        m.put("completed", true);
        m.put("eventsPerSecond", Stats.round(events / measured, 0));
        m.put("registerSeconds", Stats.round(registerSeconds, 3));
        m.put("registersPerSecond", Stats.round(half / registerSeconds, 0));
        m.put("unregisterSeconds", Stats.round(unregisterSeconds, 3));
        m.put("unregistersPerSecond", Stats.round(half / unregisterSeconds, 0));
        m.put("socketWriteSecondsRegister", Stats.round((sentRegisters - t0) / 1e9, 3));
        m.put("socketWriteSecondsUnregister", Stats.round((sentUnregisters - t2) / 1e9, 3));
        m.put("redisScriptCalls", observer.commandCalls("evalsha") + observer.commandCalls("eval"));
        // Redis' own time in the scripts per event of each phase: the part of an event no sidecar change can remove.
        long unregisterScriptMicros = scriptMicros(observer) - registerScriptMicros;
        m.put("redisScriptMicrosPerRegister", Stats.round((double) registerScriptMicros / half, 2));
        m.put("redisScriptMicrosPerUnregister", Stats.round((double) unregisterScriptMicros / half, 2));
        // Socket reads Redis made (our own HLEN polls included, about one per millisecond): close to one
        // per script means the commands arrived one write at a time, not pipelined into shared writes.
        m.put("redisReadsProcessed", Long.parseLong(observer.info("stats", "total_reads_processed")));
        addCpu(m, sidecar, redis, sidecarCpu0, redisCpu0, measured);
        m.put("sidecarBusiestThreads", ProcFs.busiestThreads(threads0, ProcFs.threadCpuSeconds(sidecar.pid()), 6));
        m.put("eventLogBytes", status.path("eventLog").path("bytes").asLong());
        return m;
    }

    /** Distinct IMEIs per run; run -1 is the warm-up. */
    private static long firstImei(int run) {
        return (run + 1) * 10_000_000L;
    }

    /** Microseconds Redis spent in scripts since the run's {@code CONFIG RESETSTAT}. */
    private static long scriptMicros(RespClient observer) {
        return observer.commandMicros("evalsha") + observer.commandMicros("eval");
    }

    /** CPU the sidecar and Redis used over the run's clock (the polling pause between phases included). */
    private static void addCpu(Map<String, Object> m, SidecarProcess sidecar, RedisServerProcess redis, double sidecarCpu0,
                               double redisCpu0, double seconds) {
        double sidecarCpu = ProcFs.cpuSeconds(sidecar.pid()) - sidecarCpu0;
        double redisCpu = ProcFs.cpuSeconds(redis.pid()) - redisCpu0;
        m.put("sidecarCpuSeconds", Stats.round(sidecarCpu, 2));
        m.put("sidecarCpuPercent", Stats.round(100 * sidecarCpu / seconds, 0));
        m.put("redisCpuSeconds", Stats.round(redisCpu, 2));
        m.put("redisCpuPercent", Stats.round(100 * redisCpu / seconds, 0));
    }
}
