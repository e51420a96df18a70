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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end telemetry on loopback: {@code ingestion.jar simulate} (1,000 devices, 20 Codec 8E
 * records a packet by default) against a fresh server per leg, all legs in one run:
 * <ol>
 *   <li>{@code ackOnly}: the {@link com.fleetlink.bench.endtoend.AckOnlyServer} baseline, as fast as it ACKs;</li>
 *   <li>{@code alone}: {@code ingestion run} with the JSON Lines file sink, no registry, as fast as it ACKs;</li>
 *   <li>{@code registry}: the same attached to a real sidecar and Redis;</li>
 *   <li>{@code redisStopped}: the same with Redis held by SIGSTOP for the whole leg (telemetry must not notice);</li>
 *   <li>{@code aloneHalfRate} and {@code redisStoppedHalfRate}: at half the packet rate {@code alone}
 *       reached, for the ACK latency when the server is not saturated.</li>
 * </ol>
 * Every leg reports records/s, ACK latency and the CPU seconds of the server and of the simulator
 * (from {@code /proc}); the ratios divide by legs of the same run, never by an earlier one.
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
    private final List<String> simulateJvm;
    private final List<String> ingestionJvm;
    private final List<String> sidecarJvm;
    private final List<String> sidecarArgs;

    private EndToEndThroughput(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 1_000, "simulated devices");
        records = flags.integer("records", 20, "records per packet (Codec 8E)");
        legDuration = flags.duration("duration", "15s", "length of each leg");
        simulateJvm = JavaProgram.options(flags.text("simulate-jvm", "", "JVM options of simulate"));
        ingestionJvm = JavaProgram.options(flags.text("ingestion-jvm", "", "JVM options of the ingestion"));
        sidecarJvm = JavaProgram.options(flags.text("sidecar-jvm", "-Xmx256m", "JVM options of the sidecar"));
        sidecarArgs = JavaProgram.options(flags.text("sidecar-args", "", "more flags for registry-sidecar run"));
        if (devices < 1 || records < 1) {
            throw new BenchFlags.UsageException("EndToEndThroughput: --devices and --records must be positive");
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

        Map<String, Object> ackOnly = legs.run("ackOnly", Server.ACK_ONLY, 0, false);
        Map<String, Object> alone = legs.run("alone", Server.ALONE, 0, false);
        Map<String, Object> registry = legs.run("registry", Server.REGISTRY, 0, false);
        Map<String, Object> stopped = legs.run("redisStopped", Server.REGISTRY, 0, true);
        int halfRate = (int) Math.max(1, number(alone, "packetsPerSecond") / 2);
        Map<String, Object> aloneHalf = legs.run("aloneHalfRate", Server.ALONE, halfRate, false);
        Map<String, Object> stoppedHalf = legs.run("redisStoppedHalfRate", Server.REGISTRY, halfRate, true);
        List<Map<String, Object>> all = List.of(ackOnly, alone, registry, stopped, aloneHalf, stoppedHalf);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("recordsPerPacket", records);
        out.put("legSeconds", legDuration.toSeconds());
        out.put("baselineRecordsPerSecond", number(ackOnly, "recordsPerSecond"));
        out.put("recordsPerSecond", number(alone, "recordsPerSecond"));
        out.put("ratioToBaseline", ratio(alone, ackOnly, "recordsPerSecond"));
        out.put("target", TARGET_RECORDS_PER_SECOND);
        out.put("registryRecordsPerSecond", number(registry, "recordsPerSecond"));
        out.put("registryRatioToAlone", ratio(registry, alone, "recordsPerSecond"));
        out.put("redisStoppedRecordsPerSecond", number(stopped, "recordsPerSecond"));
        out.put("redisStoppedRatioToAlone", ratio(stopped, alone, "recordsPerSecond"));
        // Alone ÷ attached: at least 0.98 means the registry costs the ingestion at most 2 % CPU per record.
        out.put("cpuPerMrecAloneToRegistry", ratio(alone, registry, "serverCpuSecondsPerMillionRecords"));
        out.put("serverCpuShare", Stats.round(number(alone, "serverCpuSeconds")
                / (number(alone, "serverCpuSeconds") + number(alone, "simulatorCpuSeconds")), 3));
        out.put("halfRatePacketsPerSecond", halfRate);
        out.put("halfRateAckP50Ms", number(aloneHalf, "ackP50Ms"));
        out.put("halfRateAckP99Ms", number(aloneHalf, "ackP99Ms"));
        out.put("ackP99Target", TARGET_ACK_P99_MS);
        out.put("redisStoppedHalfRateAckP99Ms", number(stoppedHalf, "ackP99Ms"));
        out.put("redisStoppedAckP99RatioToAlone", ratio(stoppedHalf, aloneHalf, "ackP99Ms"));
        out.put("wrongAcks", all.stream().mapToLong(l -> (long) number(l, "wrongAcks")).sum());
        out.put("legs", all);
        return out;
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
                    JavaProgram.mainClass(AckOnlyServer.class.getName(), List.of()).command(List.of()), log, log);
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
