package com.fleetlink.bench.registry;

import com.fleetlink.bench.endtoend.AckOnlyServer;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end telemetry on loopback: {@code ingestion.jar simulate} (1,000 devices, 20 Codec 8E
 * records a packet by default) against a fresh server per leg, all legs in one run:
 * <ol>
 *   <li>{@code ackOnly-N}: the {@link com.fleetlink.bench.endtoend.AckOnlyServer} baseline, as fast as it ACKs;</li>
 *   <li>{@code alone-N}: {@code ingestion run} with the JSON Lines file sink, no registry, as fast as it ACKs;</li>
 *   <li>{@code registry-N}: the same attached to a real sidecar and Redis;</li>
 *   <li>{@code redisStopped-N}: the same with Redis held by SIGSTOP for the whole leg (telemetry must not notice);
 *       these four run interleaved {@code --repeats} times, each ratio (alone ÷ ackOnly, registry and
 *       redisStopped ÷ alone) taken within a repetition;</li>
 *   <li>{@code ackOnlyHalfRate-N} and {@code aloneHalfRate-N}: at half the median packet rate of the {@code alone}
 *       legs, for the ACK latency when the server is not saturated, the ACK-only server's being what the machine
 *       and the simulator alone cost; these two run in pairs {@code --repeats} times, the p99 ratio taken within
 *       each pair;</li>
 *   <li>{@code redisStoppedHalfRate}: once, at the same rate, judged against the median {@code aloneHalfRate} p99.</li>
 * </ol>
 * Every leg reports records/s, ACK latency and the CPU seconds of the server and of the simulator
 * (from {@code /proc}); the ratios divide by legs of the same run, never by an earlier one. Both servers run
 * with the ingestion pod's JVM options ({@link PodJvm}) unless {@code --ingestion-jvm} or {@code --ack-only-jvm}
 * say otherwise.
 */
public final class EndToEndThroughput implements BenchMain.Bench {
    private static final double TARGET_RECORDS_PER_SECOND = 250_000;
    private static final double TARGET_ACK_P99_MS = 5;

    /** Which server a leg runs against. */
    private enum Server { ACK_ONLY, ALONE, REGISTRY }

    /** What {@link AckOnlyServer} prints once it listens. */
    private static final Pattern ACK_ONLY_LISTENING = Pattern.compile("listening on (\\d+)");

    private final JarFlags jars;
    private final int devices;
    private final int records;
    private final Duration legDuration;
    private final int repeats;
    private final int givenHalfRate;
    private final List<String> simulateJvm;
    private final List<String> ingestionJvm;
    private final List<String> ackOnlyJvm;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    private EndToEndThroughput(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 1_000, "simulated devices");
        records = flags.integer("records", 20, "records per packet (Codec 8E)");
        legDuration = flags.duration("duration", "15s", "length of each leg");
        repeats = flags.integer("repeats", 3,
                "repetitions: interleaved ackOnly, alone, registry and redisStopped legs, then half-rate ackOnly and alone pairs");
        givenHalfRate = flags.integer("half-rate", 0, "packets/s of the half-rate pairs; when given, only those pairs run "
                + "(no full-rate legs, no redisStoppedHalfRate); 0: half the median alone rate");
        simulateJvm = JavaProgram.options(flags.text("simulate-jvm", "", "JVM options of simulate"));
        String ingestionOptions = flags.text("ingestion-jvm", PodJvm.ingestion(),
                "JVM options of the ingestion; by default the pod's, read from " + PodJvm.MANIFEST);
        ingestionJvm = JavaProgram.options(ingestionOptions);
        ackOnlyJvm = JavaProgram.options(flags.text("ack-only-jvm", ingestionOptions,
                "JVM options of the ACK-only server; by default the ingestion's, so a ratio compares the servers' work"));
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx256m", "JVM options of the sidecar"));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run"));
        if (devices < 1 || records < 1 || repeats < 1 || givenHalfRate < 0) {
            throw new BenchFlags.UsageException(
                    "EndToEndThroughput: --devices, --records and --repeats must be positive, --half-rate not negative");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("EndToEndThroughput", args, Duration.ofMinutes(10), EndToEndThroughput::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("EndToEndThroughput: %,d devices, %d records a packet (8E), %d s legs", devices, records,
                legDuration.toSeconds());
        // Started before the legs, so no leg pays for their start-up.
        RedisServerProcess redis = session.own(RedisServerProcess.startIn(session.dir()));
        SidecarProcess sidecar = session.own(Daemons.sidecar(jars.sidecar(), session.dir(), "bench-e2e", redis,
                sidecarJvm, sidecarArgs));
        Legs legs = new Legs(session, redis, sidecar);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("recordsPerPacket", records);
        out.put("legSeconds", legDuration.toSeconds());
        out.put("repeats", repeats);
        List<Map<String, Object>> all = new ArrayList<>();
        int halfRate = givenHalfRate > 0 ? givenHalfRate : fullRate(legs, out, all);
        Spread aloneHalfP99 = halfRatePairs(legs, halfRate, out, all);
        if (givenHalfRate == 0) {
            Map<String, Object> stoppedHalf = legs.run("redisStoppedHalfRate", Server.REGISTRY, halfRate, true);
            all.add(stoppedHalf);
            out.put("redisStoppedHalfRateAckP99Ms", number(stoppedHalf, "ackP99Ms"));
            out.put("redisStoppedAckP99RatioToAlone", Stats.round(number(stoppedHalf, "ackP99Ms") / aloneHalfP99.median(), 3));
        }
        out.put("wrongAcks", all.stream().mapToLong(l -> (long) number(l, "wrongAcks")).sum());
        out.put("legs", all);
        return out;
    }

    /** The interleaved full-rate legs and their figures; returns the half rate: half the median alone packet rate. */
    private int fullRate(Legs legs, Map<String, Object> out, List<Map<String, Object>> all) throws Exception {
        List<Map<String, Object>> ackOnly = new ArrayList<>();
        List<Map<String, Object>> alone = new ArrayList<>();
        List<Map<String, Object>> registry = new ArrayList<>();
        List<Map<String, Object>> stopped = new ArrayList<>();
        // Interleaved, so a machine that drifts during the run (other processes, the page cache) hits the four kinds
        // alike; the baseline is repeated too, since one ACK-only leg moved 484,465 → 756,999 records/s between two quiet runs.
        for (int i = 1; i <= repeats; i++) {
            ackOnly.add(legs.run("ackOnly-" + i, Server.ACK_ONLY, 0, false));
            alone.add(legs.run("alone-" + i, Server.ALONE, 0, false));
            registry.add(legs.run("registry-" + i, Server.REGISTRY, 0, false));
            stopped.add(legs.run("redisStopped-" + i, Server.REGISTRY, 0, true));
            all.addAll(List.of(ackOnly.get(i - 1), alone.get(i - 1), registry.get(i - 1), stopped.get(i - 1)));
        }
        double aloneRecords = Stats.median(Stats.column(alone, "recordsPerSecond"));
        double ackOnlyRecords = Stats.median(Stats.column(ackOnly, "recordsPerSecond"));
        RepeatedRatio baselineRatio = RepeatedRatio.of(alone, ackOnly, "recordsPerSecond");
        RepeatedRatio registryRatio = RepeatedRatio.of(registry, alone, "recordsPerSecond");
        RepeatedRatio stoppedRatio = RepeatedRatio.of(stopped, alone, "recordsPerSecond");
        // Alone ÷ attached: at least 0.98 means the registry costs the ingestion at most 2 % CPU per record.
        RepeatedRatio cpuRatio = RepeatedRatio.of(alone, registry, "serverCpuSecondsPerMillionRecords");
        double aloneServerCpu = Arrays.stream(Stats.column(alone, "serverCpuSeconds")).sum();
        double aloneSimulatorCpu = Arrays.stream(Stats.column(alone, "simulatorCpuSeconds")).sum();

        out.put("baselineRecordsPerSecond", ackOnlyRecords);
        out.put("recordsPerSecond", aloneRecords);
        out.put("ratioToBaseline", baselineRatio.median());
        out.put("baselineRatio", baselineRatio.toJson());
        // The figure as measured before the legs were repeated: the one alone leg right after the one baseline leg.
        out.put("firstAloneRatioToBaseline", ratio(alone.get(0), ackOnly.get(0), "recordsPerSecond"));
        out.put("target", TARGET_RECORDS_PER_SECOND);
        out.put("registryRecordsPerSecond", Stats.median(Stats.column(registry, "recordsPerSecond")));
        out.put("registryRatioToAlone", registryRatio.median());
        out.put("registryRatio", registryRatio.toJson());
        out.put("redisStoppedRecordsPerSecond", Stats.median(Stats.column(stopped, "recordsPerSecond")));
        out.put("redisStoppedRatioToAlone", stoppedRatio.median());
        out.put("redisStoppedRatio", stoppedRatio.toJson());
        out.put("cpuPerMrecAloneToRegistry", cpuRatio.median());
        out.put("cpuPerMrecRatio", cpuRatio.toJson());
        out.put("serverCpuShare", Stats.round(aloneServerCpu / (aloneServerCpu + aloneSimulatorCpu), 3));
        BenchMain.say("alone ÷ ackOnly %.3f; registry ÷ alone %.3f (%s); redisStopped ÷ alone %.3f (%s)",
                baselineRatio.median(), registryRatio.median(), Arrays.toString(registryRatio.ratios()),
                stoppedRatio.median(), Arrays.toString(stoppedRatio.ratios()));
        return (int) Math.max(1, Stats.median(Stats.column(alone, "packetsPerSecond")) / 2);
    }

    /** The ackOnlyHalfRate and aloneHalfRate pairs at {@code halfRate} and their figures; returns the alone legs' p99s. */
    private Spread halfRatePairs(Legs legs, int halfRate, Map<String, Object> out, List<Map<String, Object>> all)
            throws Exception {
        // The ACK-only server at the same packet rate is what the simulator and the machine alone cost the ACK tail; its
        // own p99 moved 2.4 × between runs, so each alone leg is judged against the ACK-only leg run just before it.
        List<Map<String, Object>> ackOnlyHalf = new ArrayList<>();
        List<Map<String, Object>> aloneHalf = new ArrayList<>();
        for (int i = 1; i <= repeats; i++) {
            ackOnlyHalf.add(legs.run("ackOnlyHalfRate-" + i, Server.ACK_ONLY, halfRate, false));
            aloneHalf.add(legs.run("aloneHalfRate-" + i, Server.ALONE, halfRate, false));
            all.addAll(List.of(ackOnlyHalf.get(i - 1), aloneHalf.get(i - 1)));
        }
        Spread aloneHalfP99 = Spread.of(aloneHalf, "ackP99Ms");
        Spread ackOnlyHalfP99 = Spread.of(ackOnlyHalf, "ackP99Ms");
        RepeatedRatio halfRateRatio = RepeatedRatio.of(aloneHalf, ackOnlyHalf, "ackP99Ms");
        out.put("halfRatePacketsPerSecond", halfRate);
        out.put("halfRateAckP50Ms", Stats.median(Stats.column(aloneHalf, "ackP50Ms")));
        out.put("halfRateAckP99Ms", aloneHalfP99.median());
        out.put("halfRateAckP99", aloneHalfP99.toJson("legs"));
        out.put("ackP99Target", TARGET_ACK_P99_MS);
        out.put("ackOnlyHalfRateAckP50Ms", Stats.median(Stats.column(ackOnlyHalf, "ackP50Ms")));
        out.put("ackOnlyHalfRateAckP99Ms", ackOnlyHalfP99.median());
        out.put("ackOnlyHalfRateAckP99", ackOnlyHalfP99.toJson("legs"));
        out.put("halfRateAckP99RatioToAckOnly", halfRateRatio.median());
        out.put("halfRateAckP99Ratio", halfRateRatio.toJson());
        BenchMain.say("half-rate ACK p99 ÷ ackOnly's %.2f (%s) at %,d packets/s", halfRateRatio.median(),
                Arrays.toString(halfRateRatio.ratios()), halfRate);
        return aloneHalfP99;
    }

    private static double number(Map<String, Object> leg, String key) {
        return ((Number) leg.get(key)).doubleValue();
    }

    private static double ratio(Map<String, Object> a, Map<String, Object> b, String key) {
        return Stats.round(number(a, key) / number(b, key), 3);
    }

    /** Runs the legs against one Redis and one sidecar, a fresh server process per leg. */
    private final class Legs {
        private final BenchSession session;
        private final RedisServerProcess redis;
        private final SidecarProcess sidecar;
        private final EndToEndLeg leg;

        Legs(BenchSession session, RedisServerProcess redis, SidecarProcess sidecar) {
            this.session = session;
            this.redis = redis;
            this.sidecar = sidecar;
            this.leg = new EndToEndLeg(jars.ingestion(), session.dir(), devices, records, legDuration, simulateJvm);
        }

        Map<String, Object> run(String name, Server kind, int rate, boolean stopRedis) throws Exception {
            Path telemetry = session.dir().resolve(name + ".jsonl");
            LegServer server = session.own(switch (kind) {
                case ACK_ONLY -> ackOnly(name);
                case ALONE -> LegServer.of(Daemons.ingestion(jars.ingestion(), session.dir(), name, null, ingestionJvm,
                        telemetry));
                case REGISTRY -> LegServer.of(Daemons.ingestion(jars.ingestion(), session.dir(), name, sidecar.socket(),
                        ingestionJvm, telemetry));
            });
            try {
                if (kind == Server.REGISTRY) {
                    Poll.until(Duration.ofSeconds(30), Duration.ofMillis(10), name + ": the ingestion to attach to the sidecar",
                            () -> sidecar.status().path("ingestion").path("attached").asBoolean());
                }
                return measure(name, server, rate, stopRedis);
            } finally {
                session.release(server);
                // A leg at full rate writes gigabytes; the next leg must not run out of disk.
                deleteIfExists(telemetry);
            }
        }

        /**
         * {@link AckOnlyServer} from this JVM's class path, on the port it picks and prints: the
         * server that answers and decodes nothing, the denominator of the end-to-end ratios.
         */
        private LegServer ackOnly(String name) {
            Path log = session.dir().resolve(name + ".log");
            ChildProcess process = ChildProcess.start(name,
                    JavaProgram.mainClass(AckOnlyServer.class.getName(), ackOnlyJvm).command(List.of()), log, log);
            try {
                Matcher listening = process.awaitLog(ACK_ONLY_LISTENING, IngestionProcess.START_TIMEOUT);
                return new LegServer(process, Integer.parseInt(listening.group(1)));
            } catch (RuntimeException | AssertionError e) {
                process.close();
                throw e;
            }
        }

        private Map<String, Object> measure(String name, LegServer server, int rate, boolean stopRedis)
                throws InterruptedException {
            if (stopRedis) {
                redis.pause();
            }
            try {
                return leg.measure(name, server.process(), server.port(), rate, Map.of("sidecar", sidecar.pid()));
            } finally {
                if (stopRedis) {
                    redis.resume();
                }
            }
        }

        private void deleteIfExists(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("could not delete " + file + ": " + e.getMessage());
            }
        }
    }

    /** A leg's server: its process, whose CPU time the leg measures, and its device port. */
    private record LegServer(ChildProcess process, int port) implements AutoCloseable {
        static LegServer of(IngestionProcess ingestion) {
            return new LegServer(ingestion.process(), ingestion.port());
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
