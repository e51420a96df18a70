package com.fleetlink.bench.chaos;

import com.fleetlink.bench.TelemetryBroker;
import com.fleetlink.bench.registry.BenchFlags;
import com.fleetlink.bench.registry.BenchMain;
import com.fleetlink.bench.registry.BenchSession;
import com.fleetlink.bench.registry.JarFlags;
import com.fleetlink.bench.registry.RespClient;
import com.fleetlink.bench.registry.Stats;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bench/chaos}: three instances and one Redis under a seeded fault schedule while a fleet of
 * devices connects, sends and moves; the third instance is there to be killed for good by the
 * {@code instanceKill} fault, so the sidecars run their janitors with settings short enough to clean
 * up after it within the run. Then the fleet settles on the two survivors, the registry converges,
 * and the checker reports. Progress goes to stderr; the last stdout line is the JSON report. Exits 1
 * when {@code wrongEntries}, {@code loserDeletedWinner}, {@code loserOverwroteWinner},
 * {@code janitorDeletedLive}, {@code killedInstanceFieldsLeft} or {@code missingAckedRecords} is not
 * 0, or the fleet did not settle or the registry did not converge within their deadlines.
 * {@code wrongRouting} says how long the registry named the wrong instance. With {@code --sink kafka}
 * the ingestions write to one topic of a KRaft broker in this JVM, the checker reads that topic to its
 * end as what the server stored, and the schedule gains the {@code brokerRestart} fault. Unless
 * {@code --no-commands}, commands are enqueued throughout the fault phase ({@link CommandTraffic}),
 * Redis keeps an append-only file ({@code appendfsync always}), the schedule gains the
 * {@code redisRestart} fault (a restart from that file), and the run also exits 1 when
 * {@code commandsNotTerminal}, {@code commandWritesOverMax}, {@code commandStaleOutcomes} or
 * {@code commandRespondedShortfall} is not 0 ({@link CommandJudge}).
 */
public final class ChaosRun implements BenchMain.Bench {
    private static final List<String> SURVIVORS = List.of("chaos-a", "chaos-b");
    /** The instance the {@code instanceKill} fault kills for good. */
    private static final String VICTIM = "chaos-c";
    private static final List<String> INSTANCES = List.of(SURVIVORS.get(0), SURVIVORS.get(1), VICTIM);
    /**
     * Heartbeats and janitor sweeps every 2 s, a heartbeat TTL of 10 s and a death confirmed after
     * 15 s: the killed instance is cleaned some 25 s after its death, while a sidecar that is merely
     * restarting (a kill or SIGTERM fault; its claim key stands for a TTL, then the confirm period
     * runs) may take over 20 s to be back. A TTL of 4 s and a 5 s confirm were too short on a loaded
     * machine: a sidecar restart took 16 s and the janitors deleted its live fields.
     */
    private static final String JANITOR_ARGS = "--heartbeat-interval 2s --heartbeat-ttl 10s --janitor-interval 2s "
            + "--janitor-confirm 15s";
    /** The topic of the Kafka sink. */
    private static final String TOPIC = "telemetry";
    /** Where redis-server 7 keeps its append-only file, under its directory. */
    private static final String AOF_DIR = "appendonlydir";
    /** A device sends its next packet 0.2 to 1.5 s after an ACK: busy enough that every fault catches packets in flight. */
    private static final int SEND_GAP_MS = 200;
    private static final int SEND_GAP_SPREAD_MS = 1_300;
    /** The ingestions' paced drain on SIGTERM (the rolling restart fault): short, so a fault stays a few seconds. */
    static final List<String> INGESTION_FLAGS = List.of("--drain-duration", "2s");

    /** The command checks' counts in the report, each 0 on a clean run (absent with {@code --no-commands}). */
    static final List<String> COMMAND_CHECKS = List.of("commandsNotTerminal", "commandWritesOverMax", "commandStaleOutcomes",
            "commandRespondedShortfall");

    private final int durationSeconds;
    private final int devices;
    private final long seed;
    private final Duration settleTimeout;
    private final Duration convergeTimeout;
    private final int sessionMs;
    private final int doublePercent;
    private final int offlinePercent;
    private final Duration cleanupTimeout;
    private final List<String> jvm;
    private final List<String> sidecarArgs;
    private final boolean kafka;
    private final JarFlags jars;
    private final boolean commands;
    private final int commandRate;

    private ChaosRun(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        durationSeconds = flags.integer("duration", 180, "seconds from the start to the end of the fault schedule (every fault kind runs at least once, even if that takes longer)");
        devices = flags.integer("devices", 500, "simulated devices");
        String seedText = flags.text("seed", "random", "seed of the schedule, the fleet and the final placement");
        settleTimeout = flags.duration("settle-timeout", "60s", "longest wait for every device to sit at its final instance");
        convergeTimeout = flags.duration("converge-timeout", "90s", "longest wait for the registry to match the truth after settling");
        sessionMs = flags.integer("session-ms", 6_000, "a device socket lives 2 s plus up to twice this before the device moves");
        doublePercent = flags.integer("double-percent", 20, "percent of moves that open a second socket to the same instance first");
        offlinePercent = flags.integer("offline-percent", 25,
                "percent of the devices on the killed instance that go offline for good with it (their fields are the janitor's)");
        cleanupTimeout = flags.duration("cleanup-timeout", "60s",
                "longest wait, within the instanceKill fault, for the killed instance's fields to be gone");
        jvm = JavaProgram.options(flags.text("jvm", "-Xmx128m", "JVM options of the sidecars and ingestions"));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "--reconcile-interval 10s --grace 15s " + JANITOR_ARGS,
                "more registry-sidecar run flags (without janitor flags, its defaults cannot clean up within the run)"));
        String sink = flags.text("sink", "file", "where the ingestions write telemetry: file (JSON Lines, one file per "
                + "instance) or kafka (a KRaft broker in this JVM, one topic; adds the brokerRestart fault)");
        if (!sink.equals("file") && !sink.equals("kafka")) {
            throw new BenchFlags.UsageException("ChaosRun: --sink is file or kafka, not " + sink);
        }
        kafka = sink.equals("kafka");
        commands = !flags.off("commands", "send no commands: Redis keeps no append-only file, no redisRestart fault, no command checks");
        commandRate = flags.integer("command-rate", 5, "commands enqueued a second over the fleet during the fault phase");
        try {
            seed = "random".equals(seedText) ? System.nanoTime() : Long.parseLong(seedText);
        } catch (NumberFormatException e) {
            throw new BenchFlags.UsageException("ChaosRun: --seed must be an integer, not " + seedText);
        }
        if (durationSeconds < 10 || devices < 1 || doublePercent < 0 || doublePercent > 100 || sessionMs < 1
                || offlinePercent < 0 || offlinePercent > 100 || commandRate < 1) {
            throw new BenchFlags.UsageException("ChaosRun: needs --duration ≥ 10, --devices ≥ 1, --double-percent 0–100, "
                    + "--offline-percent 0–100, --session-ms ≥ 1, --command-rate ≥ 1");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("ChaosRun", args, Duration.ofMinutes(20), ChaosRun::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos();
        List<String> podSidecarArgs = new ArrayList<>(sidecarArgs);
        List<String> ingestionFlags = new ArrayList<>(INGESTION_FLAGS);
        if (commands) {
            podSidecarArgs.addAll(CommandTraffic.SIDECAR_FLAGS);
            ingestionFlags.addAll(CommandTraffic.INGESTION_FLAGS);
        }
        FaultSchedule.progress("seed %d, %d devices, %d s, sidecar %s (re-run with --seed %d)", seed, devices,
                durationSeconds, podSidecarArgs, seed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", seed);
        out.put("durationSeconds", durationSeconds);
        out.put("devices", devices);
        out.put("sidecarArgs", String.join(" ", podSidecarArgs));
        out.put("jvm", String.join(" ", jvm));
        out.put("sink", kafka ? "kafka" : "file");
        out.put("commandRate", commands ? commandRate : 0);

        Path redisDir = session.subdirectory("redis");
        RedisServerProcess redis = session.own(commands
                ? RedisServerProcess.startIn(redisDir, "--appendonly", "yes", "--appendfsync", "always")
                : RedisServerProcess.startIn(redisDir));
        TelemetryBroker broker = kafka ? session.own(TelemetryBroker.start()) : null;
        PodLauncher launcher = new PodLauncher(jars, jvm, podSidecarArgs, broker == null ? null : broker.createTopic(TOPIC));
        FaultLog faults = new FaultLog();
        List<Pod> pods = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        // The instances start side by side: JVM start-up is most of a run's fixed cost.
        List<CompletableFuture<Pod>> starting = INSTANCES.stream()
                .map(id -> CompletableFuture.supplyAsync(() -> launcher.start(session, session.dir(), id, redis, ingestionFlags)))
                .toList();
        for (CompletableFuture<Pod> start : starting) {
            Pod pod = start.join();
            pods.add(pod);
            ports.put(pod.id(), pod.port());
        }
        FaultSchedule.progress("redis-server%s and the %d instances are up", kafka ? ", the Kafka broker" : "", pods.size());
        List<Pod> survivors = pods.stream().filter(p -> SURVIVORS.contains(p.id())).toList();
        Fleet fleet = session.own(new Fleet(ports, devices, seed, faults,
                new DeviceModel(sessionMs, doublePercent, new DeviceModel.RandomPlacement(), SEND_GAP_MS, SEND_GAP_SPREAD_MS)));
        DeletionJudge judge = new DeletionJudge(fleet.truth(), faults);
        JanitorJudge janitors = new JanitorJudge(fleet.truth(), faults);
        FieldHistory history = new FieldHistory();
        RegistryMonitor monitor = session.own(new RegistryMonitor(redis, new LinkedHashSet<>(INSTANCES), judge, janitors,
                history, faults).start());
        RssSampler rss = session.own(new RssSampler().watch("redis", redis::pid));
        pods.forEach(p -> rss.watch(p.id() + "/sidecar", () -> p.sidecar().pid())
                .watch(p.id() + "/ingestion", () -> p.ingestion().pid()));
        rss.start(500);

        fleet.start(Math.min(5_000, durationSeconds * 1000 / 6), seed);
        Poll.until(Duration.ofSeconds(60), Duration.ofMillis(100), "90% of the fleet to connect",
                () -> fleet.truth().ownersNow().size() >= devices * 9 / 10);
        CommandTraffic traffic = commands ? session.own(CommandTraffic.start(redis.uri(), fleet, commandRate, seed)) : null;
        FaultSchedule.progress("fleet connected; fault schedule starts%s", commands ? ", commands flowing" : "");
        InstanceKill instanceKill = new InstanceKill(pods.stream().filter(p -> p.id().equals(VICTIM)).findFirst().orElseThrow(),
                fleet, redis, offlinePercent, cleanupTimeout);
        FaultSchedule schedule = new FaultSchedule(redis, commands ? redisDir.resolve(AOF_DIR) : null, pods, instanceKill, broker,
                faults, seed);
        schedule.run(deadline);
        if (traffic != null) {
            traffic.stopSending();
        }
        long lastFault = faults.lastEndMicros();
        FaultSchedule.progress("%d faults injected; settling the fleet", faults.count());

        SplittableRandom placement = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            targets.add(SURVIVORS.get(placement.nextInt(SURVIVORS.size())));
        }
        fleet.settle(targets);
        long settled = Poll.untilOrTimeout(settleTimeout, Duration.ofMillis(100),
                () -> fleet.settledCount() == devices && survivors.stream().allMatch(PodHealth::healthy));
        out.put("settled", settled != Poll.TIMED_OUT);
        if (settled == Poll.TIMED_OUT) {
            out.put("settledDevices", fleet.settledCount());
            out.put("unsettledExamples", fleet.unsettled(5));
            FaultSchedule.progress("%d devices did not settle, e.g. %s", devices - fleet.settledCount(), fleet.unsettled(5));
        }

        RegistryComparison[] last = new RegistryComparison[1];
        long[] victimFields = new long[1];
        long converged;
        try (RespClient observer = RespClient.connect(redis.port())) {
            converged = Poll.untilOrTimeout(convergeTimeout, Duration.ofMillis(100), () -> {
                Map<String, String> hash = observer.hashEntries(RegistryComparison.REGISTRY);
                victimFields[0] = hash.values().stream().filter(VICTIM::equals).count();
                last[0] = RegistryComparison.of(hash, fleet.truth().ownersNow());
                return last[0].wrongEntries() == 0;
            });
        }
        double convergenceSeconds = Stats.round((WallClock.micros() - lastFault) / 1e6, 2);
        FaultSchedule.progress(converged == Poll.TIMED_OUT ? "the registry did not converge: %s" : "converged: %s",
                last[0].report());
        out.put("converged", converged != Poll.TIMED_OUT);
        out.put("wrongEntries", last[0].wrongEntries());
        out.put("registryAtEnd", last[0].report());
        out.put("convergenceSeconds", converged == Poll.TIMED_OUT ? null : convergenceSeconds);
        out.put("loserDeletedWinner", judge.loserDeletedWinner());
        out.put("loserOverwroteWinner", judge.loserOverwroteWinner());
        out.put("deletions", judge.report());
        out.put("janitorDeletedLive", janitors.deletedLive());
        out.put("killedInstanceFieldsLeft", victimFields[0]);
        Map<String, Object> janitor = new LinkedHashMap<>(instanceKill.report());
        janitor.put("deletions", janitors.report());
        out.put("janitor", janitor);
        out.put("wrongRouting", WrongRouting.of(history, fleet.truth(), WallClock.micros()).report());
        out.put("monitor", monitor.report());

        FleetTotals totals = fleet.totals();
        SinkRecords sinks = broker != null ? SinkRecords.readTopic(broker.records(TOPIC), totals.timestamps())
                : SinkRecords.readFiles(pods.stream().map(p -> p.ingestion().telemetry()).toList(), totals.timestamps());
        long missing = sinks.missing(totals.acked());
        out.put("missingAckedRecords", missing);
        Map<String, Object> telemetry = new LinkedHashMap<>();
        telemetry.put("packetsSent", totals.packetsSent());
        telemetry.put("recordsSent", totals.recordsCreated());
        telemetry.put("recordsAcked", totals.recordsAcked());
        telemetry.putAll(sinks.report());
        telemetry.put("wrongAcks", totals.wrongAcks());
        telemetry.put("answerTimeouts", totals.answerTimeouts());
        telemetry.put("ackLatency", fleet.latencyReport());
        out.put("telemetry", telemetry);
        if (traffic != null) {
            putCommandFigures(out, traffic.awaitEnd(fleet, faults), traffic);
        }
        out.put("faultsInjected", faults.report());
        out.put("sidecarExitCodesAfterSigterm", schedule.termExits());
        out.put("ingestionExitCodesAfterDrain", schedule.drainExits());
        out.put("memory", rss.report());
        FaultSchedule.progress("wrongEntries %d, loserDeletedWinner %d, loserOverwroteWinner %d, janitorDeletedLive %d, "
                        + "killedInstanceFieldsLeft %d, missingAckedRecords %d, convergence %s s, wrong routing %s",
                last[0].wrongEntries(), judge.loserDeletedWinner(), judge.loserOverwroteWinner(), janitors.deletedLive(),
                victimFields[0], missing, out.get("convergenceSeconds"), out.get("wrongRouting"));
        return out;
    }

    /** The command checks and the {@code commands} totals, once every command ended or the settle ran out. */
    private static void putCommandFigures(Map<String, Object> out, CommandJudge verdict, CommandTraffic traffic) {
        out.put("commandsNotTerminal", verdict.notTerminal());
        out.put("commandWritesOverMax", verdict.writesOverMax());
        out.put("commandStaleOutcomes", verdict.staleOutcomes());
        out.put("commandRespondedShortfall", verdict.respondedShortfall());
        Map<String, Object> report = new LinkedHashMap<>(verdict.report());
        report.put("refusedEnqueues", traffic.refused());
        report.put("malformedEvents", traffic.malformedEvents());
        out.put("commands", report);
        FaultSchedule.progress("commands: notTerminal %d, writesOverMax %d, staleOutcomes %d, respondedShortfall %d; %s",
                verdict.notTerminal(), verdict.writesOverMax(), verdict.staleOutcomes(), verdict.respondedShortfall(), report);
    }

    @Override
    public int exitCode(Map<String, Object> figures) {
        boolean clean = ((Number) figures.get("wrongEntries")).longValue() == 0
                && ((Number) figures.get("loserDeletedWinner")).longValue() == 0
                && ((Number) figures.get("loserOverwroteWinner")).longValue() == 0
                && ((Number) figures.get("janitorDeletedLive")).longValue() == 0
                && ((Number) figures.get("killedInstanceFieldsLeft")).longValue() == 0
                && ((Number) figures.get("missingAckedRecords")).longValue() == 0
                && Boolean.TRUE.equals(figures.get("converged"))
                && Boolean.TRUE.equals(figures.get("settled"))
                && COMMAND_CHECKS.stream().allMatch(check -> ((Number) figures.getOrDefault(check, 0)).longValue() == 0);
        return clean ? 0 : BenchMain.EXIT_FAILED;
    }
}
