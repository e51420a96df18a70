package com.fleetlink.bench.registry;

import com.fleetlink.bench.registry.CommandLedger.Outcome;
import com.fleetlink.bench.registry.CommandSender.Sent;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Outbound commands through one pod (sidecar and ingestion jars, a redis-server with AOF and
 * {@code appendfsync always}, as commands need) with {@code ingestion simulate --respond} devices
 * answering them, enqueued by {@link CommandSender} (the shipped enqueue script), in three parts:
 * <ol>
 *   <li>telemetry as fast as the server ACKs, legs alternating without commands and with
 *       {@code --rate} commands a second ({@code --pairs} legs with commands, each between two
 *       without, after a warm-up leg of each kind, the one with commands at {@code --warmup-rate}):
 *       records/s and ACK latency with ÷ without, each leg with commands against its two
 *       neighbours ({@link CommandLegRatios});</li>
 *   <li>light telemetry ({@code --quiet-rate} packets/s) and {@code --rate} commands a second for
 *       {@code --latency-duration}: enqueue → written and enqueue → responded;</li>
 *   <li>on the same fleet, a backlog of {@code --backlog-per-device} commands on every device,
 *       enqueued at once: the rate at which one instance drains it, and which process was busy.</li>
 * </ol>
 * One command is in flight per socket, so with {@code d} devices answering after {@code r} the
 * sockets alone allow {@code d ÷ r} commands a second; the reply delay is kept short, so that bound
 * is far above what the pod does and the drain rate is the pod's.
 */
public final class CommandThroughput implements BenchMain.Bench {
    private static final String INSTANCE = "bench-commands";
    /** The sender stops this long before a leg's devices do, so its last commands are answered, not cut off. */
    private static final Duration LEG_TAIL = Duration.ofSeconds(2);
    private static final Duration REGISTRY_WAIT = Duration.ofSeconds(60);
    /** A quiet fleet runs until the benchmark stops it; this only bounds a fleet left behind. */
    private static final Duration QUIET_FLEET = Duration.ofMinutes(10);
    /** This JVM enqueues the commands: its CPU is the sender's share of a leg. */
    private static final long BENCH_PID = ProcessHandle.current().pid();

    private final JarFlags jars;
    private final int devices;
    private final int records;
    private final Duration legDuration;
    private final Duration warmup;
    private final int pairs;
    private final int rate;
    private final int warmupRate;
    private final Duration respond;
    private final int quietRate;
    private final Duration latencyDuration;
    private final int backlogPerDevice;
    private final Duration expiry;
    private final Duration backlogExpiry;
    private final Duration responseTimeout;
    private final List<String> simulateJvm;
    private final List<String> ingestionJvm;
    private final List<String> sidecarJvm;

    private CommandThroughput(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 1_000, "simulated devices, every one answering commands");
        records = flags.integer("records", 20, "records per packet (Codec 8E)");
        legDuration = flags.duration("duration", "8s", "length of each telemetry leg");
        warmup = flags.duration("warmup", "6s", "length of each of the two warm-up legs (with commands, then without), not counted");
        pairs = flags.integer("pairs", 4, "telemetry legs with commands, each between two without (none commands none … none)");
        rate = flags.integer("rate", 100, "commands enqueued a second in the legs with commands and the latency part");
        // At the measured rate a warm-up leg sends a few hundred commands: too few for the JIT to compile the command path.
        warmupRate = flags.integer("warmup-rate", 1_000, "commands enqueued a second in the warm-up leg with commands");
        respond = flags.duration("respond", "10ms", "how long a simulated device takes to answer a command");
        quietRate = flags.integer("quiet-rate", 200, "packets a second of the whole fleet in the latency and drain parts");
        latencyDuration = flags.duration("latency-duration", "8s", "how long the latency part enqueues");
        backlogPerDevice = flags.integer("backlog-per-device", 5, "commands queued on each device for the drain (at most 16)");
        // Short: a command still queued when a leg's devices leave expires before the next leg, never written in it.
        expiry = flags.duration("expire", "5s", "the expiry of the commands of the legs and the latency part");
        backlogExpiry = flags.duration("backlog-expire", "60s", "the expiry of the backlog's commands");
        responseTimeout = flags.duration("response-timeout", "30s", "the commands' response timeout");
        simulateJvm = JavaProgram.options(flags.text("simulate-jvm", "", "JVM options of simulate"));
        ingestionJvm = JavaProgram.options(flags.text("ingestion-jvm", "", "JVM options of the ingestion"));
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx256m", "JVM options of the sidecar"));
        if (devices < 1 || records < 1 || pairs < 1 || rate < 1 || warmupRate < 1 || quietRate < 1 || backlogPerDevice < 1
                || backlogPerDevice > 16 || respond.toMillis() < 1) {
            // The socket bound divides the devices by --respond: a reply delay of 0 has none to report.
            throw new BenchFlags.UsageException("CommandThroughput: --devices, --records, --pairs, --rate, --warmup-rate and "
                    + "--quiet-rate must be positive, --backlog-per-device 1 to 16, --respond at least 1ms");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("CommandThroughput", args, Duration.ofMinutes(10), CommandThroughput::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("CommandThroughput: %,d devices answering after %d ms, %d commands/s, %d s legs, %d pairs", devices,
                respond.toMillis(), rate, legDuration.toSeconds(), pairs);
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir(), "--appendonly", "yes",
                "--appendfsync", "always"));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), INSTANCE, redis, sidecarJvm,
                List.of()));
        IngestionProcess ingestion = session.own(Daemons.ingestion(jars.ingestion(), session.dir(), "ingestion",
                sidecar.socket(), ingestionJvm));
        Poll.until(Duration.ofSeconds(30), Duration.ofMillis(10), "the ingestion to attach to the sidecar",
                () -> sidecar.status().path("ingestion").path("attached").asBoolean());
        String persistence = sidecar.status().path("commands").path("persistence").asText();
        Phases phases = new Phases(session, redis, sidecar, ingestion);

        // Both paths warm: the command path's code in every process, then the telemetry path alone at full rate.
        phases.leg("warmup-commands", warmup, warmupRate);
        phases.leg("warmup-none", warmup, 0);
        List<Map<String, Object>> plain = new ArrayList<>();
        List<Map<String, Object>> withCommands = new ArrayList<>();
        List<Map<String, Object>> legs = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            plain.add(phases.leg("none-" + i, legDuration, 0));
            legs.add(plain.get(i - 1));
            withCommands.add(phases.leg("commands-" + i, legDuration, rate));
            legs.add(withCommands.get(i - 1));
        }
        plain.add(phases.leg("none-" + (pairs + 1), legDuration, 0));
        legs.add(plain.get(pairs));
        Map<String, Object> quiet = phases.quiet();

        double[] plainRates = Stats.column(plain, "recordsPerSecond");
        double[] commandRates = Stats.column(withCommands, "recordsPerSecond");
        double[] pairRatios = CommandLegRatios.bracketed(plainRates, commandRates);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("recordsPerPacket", records);
        out.put("legSeconds", legDuration.toSeconds());
        out.put("pairs", pairs);
        out.put("commandsPerSecond", rate);
        out.put("respondDelayMs", respond.toMillis());
        out.put("expireMs", expiry.toMillis());
        out.put("redisPersistence", persistence);
        out.put("plainRecordsPerSecond", Stats.median(plainRates));
        out.put("commandsRecordsPerSecond", Stats.median(commandRates));
        out.put("plainLegSpread", Stats.spread(plainRates));
        out.put("commandsLegSpread", Stats.spread(commandRates));
        out.put("pairRatios", pairRatios);
        out.put("ratio", Stats.median(pairRatios));
        out.put("pairRatioSpread", Stats.spread(pairRatios));
        out.put("plainAckP50Ms", Stats.median(Stats.column(plain, "ackP50Ms")));
        out.put("plainAckP99Ms", Stats.median(Stats.column(plain, "ackP99Ms")));
        out.put("commandsAckP50Ms", Stats.median(Stats.column(withCommands, "ackP50Ms")));
        out.put("commandsAckP99Ms", Stats.median(Stats.column(withCommands, "ackP99Ms")));
        out.put("fullRateCommands", CommandFigures.latencies(phases.fullRateOutcomes()));
        out.putAll(quiet);
        out.put("wrongAcks", (long) Arrays.stream(Stats.column(legs, "wrongAcks")).sum());
        out.put("legs", legs);
        BenchMain.say("records/s with commands ÷ without %.3f (pairs %s, spread %.1f %%; leg spread without %.1f %%, with %.1f %%); "
                + "drain %.0f commands/s", Stats.median(pairRatios), Arrays.toString(pairRatios),
                Stats.spread(pairRatios) * 100, Stats.spread(plainRates) * 100, Stats.spread(commandRates) * 100,
                ((Number) quiet.get("drainCommandsPerSecond")).doubleValue());
        return out;
    }

    /** The pod, the sender and the observers: runs the legs and the quiet part. */
    private final class Phases {
        private final BenchSession session;
        private final RedisServerProcess redis;
        private final SidecarProcess sidecar;
        private final IngestionProcess ingestion;
        private final RespClient observer;
        private final CommandSender sender;
        private final CommandSender backlogSender;
        private final CommandLedger ledger;
        private final ExecutorService legRunner;
        private final List<Outcome> fullRate = new ArrayList<>();

        /** Connects its sender, ledger and observer to {@code redis}, each on a connection of its own, closed with the session. */
        Phases(BenchSession session, RedisServerProcess redis, SidecarProcess sidecar, IngestionProcess ingestion) {
            this.session = session;
            this.redis = redis;
            this.sidecar = sidecar;
            this.ingestion = ingestion;
            this.observer = session.own(RespClient.connect(redis.port()));
            this.sender = session.own(new CommandSender(RespClient.connect(redis.port()), jars.sidecar(), INSTANCE, expiry,
                    responseTimeout));
            this.backlogSender = session.own(new CommandSender(RespClient.connect(redis.port()), jars.sidecar(), INSTANCE,
                    backlogExpiry, responseTimeout));
            this.ledger = new CommandLedger(session.own(RespClient.connect(redis.port())));
            this.legRunner = session.own(new ExecutorCloser(Executors.newSingleThreadExecutor())).executor();
        }

        /** The outcomes of the commands of every counted leg with commands. */
        List<Outcome> fullRateOutcomes() {
            return fullRate;
        }

        /** One telemetry leg as fast as the server ACKs, with {@code commandRate} commands a second (0: none). */
        Map<String, Object> leg(String name, Duration duration, int commandRate) throws Exception {
            boolean commands = commandRate > 0;
            awaitRegistry(0);
            EndToEndLeg leg = new EndToEndLeg(jars.ingestion(), session.dir(), devices, records, duration, simulateJvm, respond);
            Future<Map<String, Object>> measured = legRunner.submit(() -> leg.measure(name, ingestion.process(),
                    ingestion.port(), 0, Map.of("sidecar", sidecar.pid(), "redis", redis.pid(), "bench", BENCH_PID)));
            List<Sent> sent = List.of();
            if (commands) {
                awaitRegistry(devices, measured);
                sent = sender.paced(registeredDevices(), name, commandRate, duration.minus(LEG_TAIL));
            }
            Map<String, Object> m = result(measured);
            m.put("commands", sent.size());
            if (commands) {
                List<Outcome> outcomes = ledger.awaitTerminal(sent, expiry.plus(responseTimeout));
                Map<String, Object> figures = CommandFigures.latencies(outcomes);
                for (String key : List.of("writtenP50Ms", "writtenP99Ms", "respondedP50Ms", "respondedP99Ms", "statuses")) {
                    m.put(key, figures.get(key));
                }
                if (!name.startsWith("warmup")) {
                    fullRate.addAll(outcomes);
                }
            }
            return m;
        }

        /**
         * Light telemetry: {@link #rate} commands a second for the latency, then the backlog for
         * the drain rate.
         */
        Map<String, Object> quiet() throws Exception {
            awaitRegistry(0);
            ChildProcess fleet = session.own(Simulation.start(jars.ingestion(), session.dir(), "quiet", ingestion.port(),
                    new Simulation.Settings(devices, quietRate, records, "8E", QUIET_FLEET, 0, simulateJvm, respond)));
            try {
                awaitRegistry(devices);
                List<String> imeis = registeredDevices();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("quietPacketsPerSecond", quietRate);
                out.put("quietCommands", CommandFigures.latencies(ledger.awaitTerminal(
                        sender.paced(imeis, "quiet", rate, latencyDuration), expiry.plus(responseTimeout))));
                out.putAll(drain(imeis, fleet.pid()));
                BenchMain.say("  quiet: %s; drain of %,d commands at %.0f/s, CPU share %s, sidecar threads %s",
                        out.get("quietCommands"), out.get("backlogCommands"), out.get("drainCommandsPerSecond"),
                        out.get("drainCpuShare"), out.get("drainBusiestSidecarThreads"));
                return out;
            } finally {
                session.release(fleet);
            }
        }

        /** The backlog on {@code imeis}, enqueued at once and drained, with the CPU each process spent meanwhile. */
        private Map<String, Object> drain(List<String> imeis, long simulatorPid) {
            List<Sent> backlog = new ArrayList<>();
            for (int round = 0; round < backlogPerDevice; round++) {
                for (String imei : imeis) {
                    backlog.add(new Sent(imei, "backlog-" + backlog.size()));
                }
            }
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("sidecar", sidecar.pid());
            pids.put("ingestion", ingestion.pid());
            pids.put("redis", redis.pid());
            pids.put("simulator", simulatorPid);
            Map<String, Double> cpu0 = cpuSeconds(pids);
            Map<String, Double> threads0 = ProcFs.threadCpuSeconds(sidecar.pid());
            long wall0 = System.nanoTime();
            long enqueueStart = ledger.redisMillis();
            backlogSender.enqueueAll(backlog);
            long enqueueEnd = ledger.redisMillis();
            List<Outcome> drained = ledger.awaitTerminal(backlog, backlogExpiry.plus(responseTimeout));
            double wall = (System.nanoTime() - wall0) / 1e9;
            Map<String, Double> cpu1 = cpuSeconds(pids);
            double drainRate = CommandFigures.drainPerSecond(drained);
            if (Double.isNaN(drainRate)) {
                throw new BenchFailure("the backlog drained no measurable rate: " + CommandFigures.statuses(drained));
            }
            Map<String, Object> cpuShare = new LinkedHashMap<>();
            pids.keySet().forEach(p -> cpuShare.put(p, Stats.round((cpu1.get(p) - cpu0.get(p)) / wall, 3)));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backlogCommands", backlog.size());
            out.put("backlogPerDevice", backlogPerDevice);
            out.put("backlogEnqueueSeconds", Stats.round((enqueueEnd - enqueueStart) / 1000.0, 3));
            out.put("drainCommandsPerSecond", drainRate);
            out.put("drainSeconds", Stats.round(wall, 2));
            out.put("drainStatuses", CommandFigures.statuses(drained));
            out.put("drainCpuShare", cpuShare);
            out.put("drainLoadAverage", ProcFs.loadAverage());
            out.put("drainBusiestSidecarThreads", ProcFs.busiestThreads(threads0, ProcFs.threadCpuSeconds(sidecar.pid()), 3));
            out.put("socketBoundPerSecond", Stats.round(devices * 1000.0 / respond.toMillis(), 0));
            return out;
        }

        /** The devices the registry names, in a fixed order: the ones connected now. */
        private List<String> registeredDevices() {
            List<String> imeis = new ArrayList<>();
            for (Object imei : (List<?>) observer.call("HKEYS", "connections:registry")) {
                imeis.add((String) imei);
            }
            imeis.sort(null);
            return imeis;
        }

        private void awaitRegistry(long count) {
            Poll.until(REGISTRY_WAIT, Duration.ofMillis(20), "the registry to hold " + count + " devices",
                    () -> observer.hlen("connections:registry") == count);
        }

        /** As {@link #awaitRegistry(long)}, failing at once with the leg's own failure if it ends first. */
        private void awaitRegistry(long count, Future<?> leg) throws Exception {
            Poll.until(REGISTRY_WAIT, Duration.ofMillis(20), "the registry to hold " + count + " devices",
                    () -> leg.isDone() || observer.hlen("connections:registry") == count);
            if (leg.isDone()) {
                result(leg);
                throw new BenchFailure("the leg ended before its devices were all registered");
            }
        }

        private Map<String, Double> cpuSeconds(Map<String, Long> pids) {
            Map<String, Double> cpu = new LinkedHashMap<>();
            pids.forEach((name, pid) -> cpu.put(name, ProcFs.cpuSeconds(pid)));
            return cpu;
        }
    }

    private static <T> T result(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Shuts the leg runner down with the session. */
    private record ExecutorCloser(ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
