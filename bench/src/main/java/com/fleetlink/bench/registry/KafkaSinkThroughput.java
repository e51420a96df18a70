package com.fleetlink.bench.registry;

import com.fleetlink.bench.TelemetryBroker;
import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * End-to-end telemetry with the Kafka sink ÷ the JSON Lines file sink, in the same run: the
 * end-to-end benchmark's simulator settings and leg runner ({@link EndToEndLeg}: 1,000 devices, 20
 * Codec 8E records a packet, as fast as the server ACKs) against a fresh {@code ingestion run} per
 * leg, file and Kafka legs alternating ({@code --pairs} of each), no registry. Each Kafka leg writes
 * to a topic of its own, deleted after the leg as the file leg's file is.
 *
 * <p>The broker is one KRaft node in this JVM, started once before the legs: the same broker the
 * chaos run uses, no download, and this JVM does nothing else while a leg runs (the simulator and the
 * server are child processes), so its CPU time is the broker's ({@code brokerCpuSeconds}).
 */
public final class KafkaSinkThroughput implements BenchMain.Bench {
    private final JarFlags jars;
    private final int devices;
    private final int records;
    private final Duration legDuration;
    private final int pairs;
    private final List<String> simulateJvm;
    private final List<String> ingestionJvm;

    private KafkaSinkThroughput(BenchFlags flags) {
        jars = JarFlags.fromFlags(flags);
        devices = flags.integer("devices", 1_000, "simulated devices");
        records = flags.integer("records", 20, "records per packet (Codec 8E)");
        legDuration = flags.duration("duration", "15s", "length of each leg");
        pairs = flags.integer("pairs", 3, "legs per sink, alternating (file kafka file kafka … )");
        simulateJvm = JavaProgram.options(flags.text("simulate-jvm", "", "JVM options of simulate"));
        ingestionJvm = JavaProgram.options(flags.text("ingestion-jvm", "", "JVM options of the ingestion"));
        if (devices < 1 || records < 1 || pairs < 1) {
            throw new BenchFlags.UsageException("KafkaSinkThroughput: --devices, --records and --pairs must be positive");
        }
    }

    public static void main(String[] args) {
        BenchMain.run("KafkaSinkThroughput", args, Duration.ofMinutes(15), KafkaSinkThroughput::new);
    }

    @Override
    public Map<String, Object> run(BenchSession session) throws Exception {
        BenchMain.say("KafkaSinkThroughput: %,d devices, %d records a packet (8E), %d s legs, %d pairs", devices, records,
                legDuration.toSeconds(), pairs);
        TelemetryBroker broker = session.own(TelemetryBroker.start());
        EndToEndLeg leg = new EndToEndLeg(jars.ingestion(), session.dir(), devices, records, legDuration, simulateJvm);
        Map<String, Long> brokerPid = Map.of("broker", ProcessHandle.current().pid());
        List<Map<String, Object>> fileLegs = new ArrayList<>();
        List<Map<String, Object>> kafkaLegs = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            fileLegs.add(fileLeg(session, leg, "file-" + i, brokerPid));
            kafkaLegs.add(kafkaLeg(session, leg, broker, "kafka-" + i, brokerPid));
        }

        double[] fileRates = Stats.column(fileLegs, "recordsPerSecond");
        double[] kafkaRates = Stats.column(kafkaLegs, "recordsPerSecond");
        double[] pairRatios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            pairRatios[i] = Stats.round(kafkaRates[i] / fileRates[i], 3);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", devices);
        out.put("recordsPerPacket", records);
        out.put("legSeconds", legDuration.toSeconds());
        out.put("pairs", pairs);
        out.put("broker", "one KRaft node in the benchmark JVM");
        out.put("fileRecordsPerSecond", Stats.median(fileRates));
        out.put("kafkaRecordsPerSecond", Stats.median(kafkaRates));
        out.put("ratio", Stats.round(Stats.median(kafkaRates) / Stats.median(fileRates), 3));
        out.put("pairRatios", pairRatios);
        out.put("fileLegSpread", Stats.spread(fileRates));
        out.put("kafkaLegSpread", Stats.spread(kafkaRates));
        out.put("fileAckP50Ms", Stats.median(Stats.column(fileLegs, "ackP50Ms")));
        out.put("fileAckP99Ms", Stats.median(Stats.column(fileLegs, "ackP99Ms")));
        out.put("kafkaAckP50Ms", Stats.median(Stats.column(kafkaLegs, "ackP50Ms")));
        out.put("kafkaAckP99Ms", Stats.median(Stats.column(kafkaLegs, "ackP99Ms")));
        out.put("kafkaServerCpuSecondsPerMillionRecords", Stats.median(Stats.column(kafkaLegs, "serverCpuSecondsPerMillionRecords")));
        out.put("fileServerCpuSecondsPerMillionRecords", Stats.median(Stats.column(fileLegs, "serverCpuSecondsPerMillionRecords")));
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            all.add(fileLegs.get(i));
            all.add(kafkaLegs.get(i));
        }
        out.put("wrongAcks", (long) Arrays.stream(Stats.column(all, "wrongAcks")).sum());
        out.put("legs", all);
        BenchMain.say("Kafka ÷ file records/s %.3f (pairs %s; leg spread file %.1f %%, kafka %.1f %%); ACK p99 file %.2f ms, kafka %.2f ms",
                out.get("ratio"), Arrays.toString(pairRatios), Stats.spread(fileRates) * 100,
                Stats.spread(kafkaRates) * 100, out.get("fileAckP99Ms"), out.get("kafkaAckP99Ms"));
        return out;
    }

    private Map<String, Object> fileLeg(BenchSession session, EndToEndLeg leg, String name, Map<String, Long> brokerPid)
            throws Exception {
        Path telemetry = session.dir().resolve(name + ".jsonl");
        IngestionProcess server = session.own(Daemons.ingestion(jars.ingestion(), session.dir(), name, null, ingestionJvm,
                telemetry));
        try {
            return leg.measure(name, server.process(), server.port(), 0, brokerPid);
        } finally {
            session.release(server);
            // A leg at full rate writes gigabytes; the next leg must not run out of disk.
            Files.deleteIfExists(telemetry);
        }
    }

    private Map<String, Object> kafkaLeg(BenchSession session, EndToEndLeg leg, TelemetryBroker broker, String name,
                                         Map<String, Long> brokerPid) throws Exception {
        String target = broker.createTopic(name);
        IngestionProcess server = session.own(Daemons.ingestionTo(jars.ingestion(), session.dir(), name, ingestionJvm, target));
        try {
            return leg.measure(name, server.process(), server.port(), 0, brokerPid);
        } finally {
            session.release(server);
            broker.deleteTopic(name);
        }
    }
}
