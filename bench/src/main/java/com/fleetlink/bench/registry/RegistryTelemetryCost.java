package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.testkit.IngestionProcess;
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
 * What the registry costs the ingestion: CPU seconds per million records acknowledged, from
 * {@code /proc/<pid>/stat} (utime + stime) of the ingestion process, under device churn.
 *
 * <p>Two real ingestion processes run side by side for the whole run, one with
 * {@code --registry-socket} (attached to a real sidecar and Redis) and one without, both warmed up
 * first. Legs of {@code simulate} alternate between them (A B A B A B), so load from the rest of the
 * machine falls on both sides alike; only the process under load is measured, the other idles. A
 * second series alternates the attached ingestion with Redis running and Redis held by SIGSTOP
 * (a hung Redis: the sidecar's commands time out, the ingestion must not notice).
 *
 * <p>Ratios compare medians: not-attached ÷ attached CPU/Mrec (≥ 0.98 means the registry costs the
 * ingestion at most 2 %), Redis-running ÷ Redis-stopped CPU/Mrec, and records/s the same way round.
 */
public final class RegistryTelemetryCost implements BenchMain.Bench {
    private static final double TARGET_RATIO = 0.98;

    private final JarFlags jars;
    private final int legs;
    private final Simulation.Settings fleet;
    private final Duration warmup;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;
    private final List<String> ingestionJvm;

    private RegistryTelemetryCost(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        legs = flags.integer("pairs", 3, "legs per side in each series (A B A B A B is 3)");
        int devices = flags.integer("devices", 500, "simulated devices");
        int rate = flags.integer("rate", 2_000, "packets per second for the whole fleet (0: as fast as ACKs come)");
        int records = flags.integer("records", 10, "records per packet");
        String codec = flags.text("codec", "8E", "codec the devices speak");
        Duration leg = flags.duration("leg", "10s", "length of each leg");
        int churn = flags.integer("churn", 100, "devices per second that disconnect and reconnect");
        warmup = flags.duration("warmup", "30s", "simulate against each ingestion before measuring (JIT warm-up)");
        List<String> simulateJvm = JavaProgram.options(flags.text("simulate-jvm", "-Xmx256m", "JVM options of simulate"));
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx256m", "JVM options of the sidecar"));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run, e.g. --reconcile-interval 10m"));
        ingestionJvm = JavaProgram.options(flags.text("ingestion-jvm", "", "JVM options of both ingestion processes"));
        fleet = new Simulation.Settings(devices, rate, records, codec, leg, churn, simulateJvm);
        if (legs < 1) {
            throw new BenchFlags.UsageException("RegistryTelemetryCost: --pairs must be positive");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("RegistryTelemetryCost", args, Duration.ofMinutes(15), RegistryTelemetryCost::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("RegistryTelemetryCost: simulate %d devices, %d packets/s x %d records (%s), churn %d/s, %d s legs, %d pairs per series",
                fleet.devices(), fleet.rate(), fleet.records(), fleet.codec(), fleet.churn(), fleet.duration().toSeconds(), legs);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir()));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), "bench-cost", redis,
                sidecarJvm, sidecarArgs));
        IngestionProcess attached = session.own(Daemons.ingestion(jars.ingestion(), session.dir(), "ingestion-attached",
                sidecar.socket(), ingestionJvm));
        IngestionProcess alone = session.own(Daemons.ingestion(jars.ingestion(), session.dir(), "ingestion-alone",
                null, ingestionJvm));
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(10), "the ingestion to attach to the sidecar",
                () -> sidecar.status().path("ingestion").path("attached").asBoolean());

        Simulation.Settings warm = new Simulation.Settings(fleet.devices(), fleet.rate(), fleet.records(), fleet.codec(),
                warmup, fleet.churn(), fleet.jvmOptions());
        Simulation.run(jars.ingestion(), session.dir(), "warmup-attached", attached.port(), warm);
        Simulation.run(jars.ingestion(), session.dir(), "warmup-alone", alone.port(), warm);
        BenchMain.say("warmed up both ingestion processes (%d s each)", warmup.toSeconds());

        Context ctx = new Context(session, sidecar, redis);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("settings", Map.of("devices", fleet.devices(), "rate", fleet.rate(), "records", fleet.records(),
                "codec", fleet.codec(), "legSeconds", fleet.duration().toSeconds(), "churn", fleet.churn(),
                "sidecarJvm", String.join(" ", sidecarJvm), "sidecarArgs", String.join(" ", sidecarArgs),
                "ingestionJvm", String.join(" ", ingestionJvm)));
        Map<String, Object> attachedVsAlone = series(ctx, "attached", attached, false, "alone", alone, false);
        out.put("attachedVsAlone", attachedVsAlone);
        out.put("redisRunningVsStopped", series(ctx, "redisRunning", attached, false, "redisStopped", attached, true));
        out.put("sidecarFinalPending", sidecar.status().path("pending").asLong());
        out.put("writerFloor", writerFloor(session, attachedVsAlone));
        return out;
    }

    /**
     * The registry threads' cost per line against a bare writer thread's on this machine, in the same
     * run ({@link WriterWakeupFloor} at the attached legs' lines a second).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> writerFloor(BenchSession session, Map<String, Object> attachedVsAlone) throws Exception {
        List<Map<String, Object>> attachedLegs = (List<Map<String, Object>>) attachedVsAlone.get("attached");
        double linesPerSecond = WriterFloorShare.linesPerSecond(attachedLegs);
        BenchMain.say("writer floor at %.0f lines/s (the attached legs' rate)", linesPerSecond);
        Map<String, Object> floor = WriterWakeupFloor.measure(session.dir(), (int) Math.round(linesPerSecond),
                fleet.duration(), legs);
        Map<String, Object> m = WriterFloorShare.of(attachedLegs,
                (double) attachedVsAlone.get("attachedRegistryThreadsMicrosPerHandshakeMedian"), floor);
        BenchMain.say("registry threads %.1f µs per line; a bare writer thread at least %.1f µs per line, %.2f %% of the attached ingestion's CPU",
                m.get("registryThreadsMicrosPerLine"), m.get("bareWriterMicrosPerLine"), 100 * (double) m.get("bareWriterShare"));
        return m;
    }

    /**
     * Alternates side A and side B {@link #legs} times and compares them. A is the side with the
     * registry in its normal state; the ratios are B's CPU/Mrec over A's.
     */
    private Map<String, Object> series(Context ctx, String nameA, IngestionProcess a, boolean pauseRedisA,
                                       String nameB, IngestionProcess b, boolean pauseRedisB) throws Exception {
        List<Map<String, Object>> legsA = new ArrayList<>();
        List<Map<String, Object>> legsB = new ArrayList<>();
        for (int i = 0; i < legs; i++) {
            legsA.add(leg(ctx, nameA + "-" + (i + 1), a, pauseRedisA));
            legsB.add(leg(ctx, nameB + "-" + (i + 1), b, pauseRedisB));
        }
        double cpuA = Stats.median(Stats.column(legsA, "cpuSecondsPerMillionRecords"));
        double cpuB = Stats.median(Stats.column(legsB, "cpuSecondsPerMillionRecords"));
        double recA = Stats.median(Stats.column(legsA, "recordsPerSecond"));
        double recB = Stats.median(Stats.column(legsB, "recordsPerSecond"));
        // "A costs at most 2 % more than B" reads B/A >= 0.98 for CPU, A/B >= 0.98 for throughput.
        double cpuRatio = cpuB / cpuA;
        double recordsRatio = recA / recB;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(nameA, legsA);
        m.put(nameB, legsB);
        m.put(nameA + "CpuPerMrecMedian", Stats.round(cpuA, 3));
        m.put(nameB + "CpuPerMrecMedian", Stats.round(cpuB, 3));
        m.put("cpuRatio", Stats.round(cpuRatio, 3));
        m.put(nameA + "RecordsPerSecondMedian", Stats.round(recA, 0));
        m.put(nameB + "RecordsPerSecondMedian", Stats.round(recB, 0));
        m.put("recordsRatio", Stats.round(recordsRatio, 3));
        double[] paired = new double[legs];
        for (int i = 0; i < legs; i++) {
            paired[i] = (double) legsB.get(i).get("cpuSecondsPerMillionRecords") / (double) legsA.get(i).get("cpuSecondsPerMillionRecords");
        }
        m.put("pairedCpuRatios", java.util.Arrays.stream(paired).map(r -> Stats.round(r, 3)).boxed().toList());
        // Each pair ran back to back, so its ratio sees the same machine: a second reading of the figure.
        m.put("pairedCpuRatioMedian", Stats.round(Stats.median(paired), 3));
        m.put("pairedCpuRatioSpread", Stats.spread(paired));
        // How far legs of the same side differ: a ratio cannot be trusted to finer than this.
        m.put(nameA + "CpuPerMrecSpread", Stats.spread(Stats.column(legsA, "cpuSecondsPerMillionRecords")));
        m.put(nameB + "CpuPerMrecSpread", Stats.spread(Stats.column(legsB, "cpuSecondsPerMillionRecords")));
        m.put(nameA + "RegistryThreadsShareMedian", Stats.round(Stats.median(Stats.column(legsA, "registryThreadsShare")), 4));
        m.put(nameB + "RegistryThreadsShareMedian", Stats.round(Stats.median(Stats.column(legsB, "registryThreadsShare")), 4));
        m.put(nameA + "RegistryThreadsMicrosPerHandshakeMedian",
                Stats.round(Stats.median(Stats.column(legsA, "registryThreadsMicrosPerHandshake")), 1));
        m.put("target", TARGET_RATIO);
        m.put("pass", cpuRatio >= TARGET_RATIO);
        BenchMain.say("%s vs %s: CPU/Mrec median %.3f vs %.3f s -> ratio %s/%s = %.3f (target >= %.2f: %s); records/s %.0f vs %.0f -> %.3f; "
                        + "leg spread %s %.1f %%, %s %.1f %%; registry threads' share of the ingestion's CPU %.2f %% / %.2f %%",
                nameA, nameB, cpuA, cpuB, nameB, nameA, cpuRatio, TARGET_RATIO, cpuRatio >= TARGET_RATIO ? "pass" : "FAIL",
                recA, recB, recordsRatio, nameA, 100 * (double) m.get(nameA + "CpuPerMrecSpread"), nameB,
                100 * (double) m.get(nameB + "CpuPerMrecSpread"), 100 * (double) m.get(nameA + "RegistryThreadsShareMedian"),
                100 * (double) m.get(nameB + "RegistryThreadsShareMedian"));
        return m;
    }

    private Map<String, Object> leg(Context ctx, String name, IngestionProcess target, boolean pauseRedis) throws Exception {
        ctx.sidecar.awaitIdle(Duration.ofSeconds(60));
        if (pauseRedis) {
            ctx.redis.pause();
        }
        String load = ProcFs.loadAverage();
        double cpu0 = ProcFs.cpuSeconds(target.pid());
        Map<String, Double> threads0 = ProcFs.threadCpuSeconds(target.pid());
        double sidecar0 = ProcFs.cpuSeconds(ctx.sidecar.pid());
        double redis0 = ProcFs.cpuSeconds(ctx.redis.pid());
        long t0 = System.nanoTime();
        JsonNode report;
        try {
            report = Simulation.run(jars.ingestion(), ctx.session.dir(), name, target.port(), fleet);
        } finally {
            if (pauseRedis) {
                ctx.redis.resume();
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcFs.cpuSeconds(target.pid()) - cpu0;
        Map<String, Double> threads = ProcFs.busiestThreads(threads0, ProcFs.threadCpuSeconds(target.pid()), 100);
        // The JIT still compiling shows up here; a leg with much of it was not warm yet.
        double jit = threads.entrySet().stream().filter(e -> e.getKey().startsWith("C# Compiler"))
                .mapToDouble(Map.Entry::getValue).sum();
        // The registry client's own threads: its cost in the ingestion, apart from the hand-off on the
        // event loops (a queue offer and a wake-up per event), which no thread count can separate.
        double registryThreads = threads.entrySet().stream().filter(e -> e.getKey().startsWith("registry-"))
                .mapToDouble(Map.Entry::getValue).sum();
        long records = report.path("recordsAcked").asLong();
        if (records == 0) {
            throw new BenchFailure(name + ": no records acknowledged: " + report);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leg", name);
        m.put("loadAverage", load);
        m.put("cpuSecondsPerMillionRecords", Stats.round(cpu / records * 1e6, 3));
        m.put("ingestionCpuSeconds", Stats.round(cpu, 2));
        m.put("ingestionJitCpuSeconds", Stats.round(jit, 2));
        m.put("registryThreadsCpuSeconds", Stats.round(registryThreads, 3));
        m.put("registryThreadsShare", Stats.round(registryThreads / cpu, 4));
        // Per handshake, which brings a register and, under churn, an unregister: the cost per event, load aside.
        m.put("registryThreadsMicrosPerHandshake", Stats.round(registryThreads / Math.max(1, report.path("handshakes").asLong()) * 1e6, 1));
        m.put("ingestionBusiestThreads", threads.entrySet().stream().limit(5)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new)));
        m.put("recordsAcked", records);
        m.put("recordsPerSecond", report.path("recordsPerSecond").asDouble());
        m.put("handshakes", report.path("handshakes").asLong());
        m.put("churns", report.path("churns").asLong());
        m.put("ackP50Ms", report.path("ackP50Ms").asDouble());
        m.put("ackP99Ms", report.path("ackP99Ms").asDouble());
        m.put("ackMaxMs", report.path("ackMaxMs").asDouble());
        m.put("wrongAcks", report.path("wrongAcks").asLong());
        m.put("sidecarCpuSeconds", Stats.round(ProcFs.cpuSeconds(ctx.sidecar.pid()) - sidecar0, 2));
        m.put("redisCpuSeconds", Stats.round(ProcFs.cpuSeconds(ctx.redis.pid()) - redis0, 2));
        m.put("wallSeconds", Stats.round(wall, 2));
        BenchMain.say("  %-16s %8.3f CPU s/Mrec  %8.0f records/s  (%,d records, %d handshakes, ACK p99 %.1f ms, wrong ACKs %d); "
                        + "ingestion CPU %.2f s of which JIT %.2f s, registry threads %.3f s; sidecar %.2f s, redis %.2f s CPU; load %s",
                name, m.get("cpuSecondsPerMillionRecords"), m.get("recordsPerSecond"), records, m.get("handshakes"),
                m.get("ackP99Ms"), m.get("wrongAcks"), cpu, jit, registryThreads, m.get("sidecarCpuSeconds"),
                m.get("redisCpuSeconds"), load);
        return m;
    }


    /** What every leg needs besides its own settings. */
    private record Context(BenchSession session, SidecarProcess sidecar, RedisServerProcess redis) {
    }
}
