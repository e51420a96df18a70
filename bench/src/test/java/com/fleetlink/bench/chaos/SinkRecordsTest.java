package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.bench.TelemetryBroker;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.telemetry.JsonLinesTelemetrySink;
import com.fleetlink.ingestion.telemetry.KafkaTarget;
import com.fleetlink.ingestion.telemetry.KafkaTelemetrySink;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker's telemetry ground truth against what the ingestion's own sinks store: a Kafka topic
 * of a real KRaft broker in this JVM, and a JSON Lines file, matched by the same code.
 */
class SinkRecordsTest {
    private static final String IMEI = "350007000000001";
    private static final String FOREIGN_IMEI = "350007000000999";
    private static final long BASE = 1_700_000_000_000L;
    private static final Map<String, Long> TIMESTAMPS = Map.of(IMEI, BASE);

    private static TelemetryBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TelemetryBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** Record {@code s} of the device, as the chaos fleet numbers them: timestamp {@code BASE + s}. */
    private static TelemetryBatch batch(String imei, int... sequences) {
        List<AvlRecord> records = IntStream.of(sequences).mapToObj(s -> new AvlRecord(BASE + s, 0, 254_000_000, 546_000_000,
                100, 90, 7, 40, 0, AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY)).toList();
        return new TelemetryBatch(imei, BASE, Codec.CODEC_8_EXTENDED, records);
    }

    private static KafkaTelemetrySink kafka(String target) throws IOException {
        return KafkaTelemetrySink.open(KafkaTarget.parse(target), Map.of(), KafkaTelemetrySink.DEFAULT_QUEUE_CAPACITY,
                IngestionConfig.DEFAULT_SINK_STALL_TIMEOUT, new IngestionMetrics().registry());
    }

    /** Stores each batch and returns once the sink has acknowledged it, as the server does before its ACK. */
    private static void store(TelemetrySink sink, TelemetryBatch... batches) throws Exception {
        for (TelemetryBatch batch : batches) {
            sink.accept(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static BitSet acked(int... sequences) {
        BitSet acked = new BitSet();
        IntStream.of(sequences).forEach(acked::set);
        return acked;
    }

    @Test
    void readTopic_whenAnAckedRecordIsNotInTheTopic_thenItCountsAsMissing() throws Exception {
        String target = broker.createTopic("gap");
        try (KafkaTelemetrySink sink = kafka(target)) {
            store(sink, batch(IMEI, 0, 2));
        }

        SinkRecords topic = SinkRecords.readTopic(broker.records("gap"), TIMESTAMPS);

        assertThat(topic.missing(Map.of(IMEI, acked(0, 1, 2)))).isEqualTo(1);
        assertThat(topic.distinctWritten()).isEqualTo(2);
    }

    @Test
    void readTopic_whenTheTopicAndAFileHoldTheSameRecords_thenBothAreMatchedAlike() throws Exception {
        TelemetryBatch[] batches = {batch(IMEI, 0, 1), batch(IMEI, 1, 2), batch(FOREIGN_IMEI, 0)};
        String target = broker.createTopic("same");
        try (KafkaTelemetrySink sink = kafka(target)) {
            store(sink, batches);
        }
        Path file = dir.resolve("telemetry.jsonl");
        try (JsonLinesTelemetrySink sink = JsonLinesTelemetrySink.toFile(file, 16)) {
            store(sink, batches);
        }

        SinkRecords topic = SinkRecords.readTopic(broker.records("same"), TIMESTAMPS);
        SinkRecords files = SinkRecords.readFiles(List.of(file), TIMESTAMPS);

        Map<String, Object> expected = Map.of("linesWritten", 5L, "distinctRecordsWritten", 3L, "duplicateLines", 1L,
                "tornLines", 0L, "foreignLines", 1L);
        assertThat(topic.report()).containsAllEntriesOf(expected).containsEntry("sink", "kafka");
        assertThat(files.report()).containsAllEntriesOf(expected).containsEntry("sink", "file");
        assertThat(topic.missing(Map.of(IMEI, acked(0, 1, 2)))).isZero();
    }

    @Test
    void readTopic_whenTheBrokerRestartedBetweenWrites_thenRecordsOfBothLivesAreThereOnTheSamePort() throws Exception {
        String target = broker.createTopic("restart");
        try (KafkaTelemetrySink sink = kafka(target)) {
            store(sink, batch(IMEI, 0));
        }
        broker.stop();
        broker.startAgain();
        // A new producer from the same target: the broker must be back where it was.
        try (KafkaTelemetrySink sink = kafka(target)) {
            store(sink, batch(IMEI, 1));
        }

        SinkRecords topic = SinkRecords.readTopic(broker.records("restart"), TIMESTAMPS);

        assertThat(topic.missing(Map.of(IMEI, acked(0, 1)))).isZero();
    }
}
