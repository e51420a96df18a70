package com.fleetlink.ingestion.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.server.TestServers;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.KafkaBroker;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka sink against a real KRaft broker in this JVM, one for the class: what lands in the topic,
 * in which order, and that a device is ACKed only for records the broker holds.
 */
class KafkaTelemetrySinkTest {
    private static final String IMEI = "356307042441013";
    private static final String OTHER_IMEI = "356307042441021";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTAGE_DEVICES = 4;
    private static final int OUTAGE_PACKETS = 5;
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static KafkaTelemetrySink sink(String topic, IngestionMetrics metrics) throws Exception {
        return sink(topic, metrics, Map.of());
    }

    private static KafkaTelemetrySink sink(String topic, IngestionMetrics metrics, Map<String, String> properties)
            throws Exception {
        return sink(topic, metrics, properties, KafkaTelemetrySink.DEFAULT_QUEUE_CAPACITY);
    }

    private static KafkaTelemetrySink sink(String topic, IngestionMetrics metrics, Map<String, String> properties,
                                           int queueCapacity) throws Exception {
        return KafkaTelemetrySink.open(KafkaTarget.parse("kafka://" + broker.bootstrapServers() + "/" + topic),
                properties, queueCapacity, IngestionConfig.DEFAULT_SINK_STALL_TIMEOUT, metrics.registry());
    }

    private static void await(CompletableFuture<?> stage) throws Exception {
        stage.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void accept_whenBatchAcknowledged_thenEachRecordKeyedByImeiWithTheJsonLinesLineAsValue() throws Exception {
        broker.createTopic("values", 1);
        TelemetryBatch batch = new TelemetryBatch(IMEI, 1_700_000_123_456L, Codec.CODEC_8_EXTENDED,
                Packets.records(Codec.CODEC_8_EXTENDED, 3));
        Path file = dir.resolve("telemetry.jsonl");
        IngestionMetrics metrics = new IngestionMetrics();
        try (KafkaTelemetrySink kafka = sink("values", metrics);
             JsonLinesTelemetrySink lines = JsonLinesTelemetrySink.toFile(file, 16)) {
            await(kafka.accept(batch).toCompletableFuture());
            await(lines.accept(batch).toCompletableFuture());
        }

        List<ConsumerRecord<String, String>> records = broker.records("values", TIMEOUT);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(IMEI);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(Files.readAllLines(file));
        MetricsText scrape = MetricsText.scrape(metrics.registry());
        assertThat(scrape.value("teltonika_kafka_records_sent_total")).isEqualTo(3);
        assertThat(scrape.value("teltonika_kafka_send_seconds_count")).isEqualTo(3);
    }

    @Test
    void accept_whenTwoDevicesInterleaveManyBatches_thenEachDevicesRecordsStayInOrder() throws Exception {
        broker.createTopic("order", 3);
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        try (KafkaTelemetrySink kafka = sink("order", new IngestionMetrics())) {
            for (int i = 0; i < 200; i++) {
                String imei = i % 2 == 0 ? IMEI : OTHER_IMEI;
                stages.add(kafka.accept(new TelemetryBatch(imei, 1_700_000_000_000L, Codec.CODEC_8, List.of(record(i))))
                        .toCompletableFuture());
            }
            await(CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)));
        }

        Map<String, List<Long>> timestamps = broker.records("order", TIMEOUT).stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(r -> timestampOf(r.value()), Collectors.toList())));
        assertThat(timestamps.get(IMEI)).hasSize(100).isSorted();
        assertThat(timestamps.get(OTHER_IMEI)).hasSize(100).isSorted();
    }

    @Test
    void ack_whenBrokerStopsMidStream_thenWithheldUntilItIsBackAndEveryAckedRecordIsInTheTopic() throws Exception {
        broker.createTopic("restart", 1);
        IngestionMetrics metrics = new IngestionMetrics();
        // A producer that forgets the cluster when its only broker goes (rebootstrap, the default) may wait in
        // send() until it is back; keeping what it knew hands the records over at once, so only the broker's
        // acknowledgement can hold the ACK back here.
        KafkaTelemetrySink sink = sink("restart", metrics, Map.of("metadata.recovery.strategy", "none"));
        IngestionServer server = TestServers.start(TestServers.config(), sink, metrics);
        List<Long> acked = new ArrayList<>();
        try (DeviceClient device = DeviceClient.connect(server.port(), IMEI)) {
            assertThat(device.sendRecord(1_700_000_001_000L)).isEqualTo(1);
            acked.add(1_700_000_001_000L);

            broker.stopBroker();
            try {
                device.send(Packets.avl(Codec.CODEC_8, List.of(record(2))));
                device.assertSilentFor(Duration.ofSeconds(2));
            } finally {
                broker.restartBroker();
            }
            assertThat(device.readAck(TIMEOUT)).isEqualTo(1);
            acked.add(record(2).timestamp());
        } finally {
            server.stop();
        }

        assertThat(broker.records("restart", TIMEOUT)).extracting(r -> timestampOf(r.value())).containsAll(acked);
    }

    @Test
    void acks_whenBrokerStopsWhileDevicesFillTheSinkQueue_thenNoSocketClosedAndEveryAckedRecordIsInTheTopic()
            throws Exception {
        broker.createTopic("outage", 1);
        IngestionMetrics metrics = new IngestionMetrics();
        // The default metadata recovery forgets the cluster when its only broker goes, so the sender thread waits in
        // send() until it is back and a queue this small fills: the server must hold the packets, not drop the sockets.
        KafkaTelemetrySink sink = sink("outage", metrics, Map.of(), 2);
        IngestionServer server = TestServers.start(TestServers.config(), sink, metrics);
        List<DeviceClient> devices = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        try {
            for (int d = 0; d < OUTAGE_DEVICES; d++) {
                DeviceClient device = DeviceClient.connect(server.port(), String.format("35630704244%04d", d));
                devices.add(device);
                assertThat(device.sendRecord(record(d * 100).timestamp())).isEqualTo(1);
                sent.add(record(d * 100).timestamp());
            }
            broker.stopBroker();
            try {
                for (int p = 1; p <= OUTAGE_PACKETS; p++) {
                    for (int d = 0; d < OUTAGE_DEVICES; d++) {
                        devices.get(d).send(Packets.avl(Codec.CODEC_8, List.of(record(d * 100 + p))));
                        sent.add(record(d * 100 + p).timestamp());
                    }
                }
                Poll.until(TIMEOUT, "the sink's queue refusing packets", () -> MetricsText.scrape(metrics.registry())
                        .value("teltonika_kafka_send_errors_total{cause=\"queue_full\"}") > 0);
                // The outage itself: a few seconds, as a broker restart or a leader election takes.
                devices.get(0).assertSilentFor(OUTAGE);
            } finally {
                broker.restartBroker();
            }
            for (DeviceClient device : devices) {
                for (int p = 1; p <= OUTAGE_PACKETS; p++) {
                    assertThat(device.readAck(TIMEOUT)).isEqualTo(1);
                }
            }
            MetricsText scrape = MetricsText.scrape(metrics.registry());
            for (String reason : new String[] {"sink_unavailable", "sink_stalled"}) {
                assertThat(scrape.value("teltonika_connections_closed_total{reason=\"" + reason + "\"}")).as(reason).isZero();
            }
        } finally {
            for (DeviceClient device : devices) {
                device.close();
            }
            server.stop();
        }

        assertThat(broker.records("outage", TIMEOUT)).extracting(r -> timestampOf(r.value())).containsAll(sent);
    }

    @Test
    void socket_whenTopicIsMissingAndTheSendStalls_thenClosedWithoutAckAfterTheStallTimeout() throws Exception {
        IngestionMetrics metrics = new IngestionMetrics();
        // The send waits on the topic's metadata; a short wait lets the sink close soon after the test.
        KafkaTelemetrySink sink = sink("no-such-topic", metrics, Map.of("max.block.ms", "5000"));
        IngestionServer server = TestServers.start(TestServers.config().withSinkStallTimeout(Duration.ofSeconds(1)),
                sink, metrics);
        try (DeviceClient device = DeviceClient.connect(server.port(), IMEI)) {
            device.send(Packets.avl(Codec.CODEC_8, 1));

            assertThat(device.awaitClosed(Duration.ofSeconds(10))).isEmpty();
            MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"sink_stalled\"}", 1);
        } finally {
            server.stop();
        }
    }

    /** A record whose timestamp tells its place in the sequence. */
    private static AvlRecord record(int sequence) {
        return new AvlRecord(1_700_000_000_000L + sequence, 0, 254_000_000, 546_000_000, 100, 90, 7, 40, 0,
                AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY);
    }

    private static long timestampOf(String json) {
        try {
            return JSON.readTree(json).get("timestamp").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
