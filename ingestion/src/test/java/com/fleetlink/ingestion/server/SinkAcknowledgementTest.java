package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ACK follows the sink: never before it accepted the records, never out of packet order; a
 * socket is given up only when its oldest packet waited past the stall timeout.
 */
class SinkAcknowledgementTest {
    private static final String IMEI = "356307042441013";
    private static final Duration SINK_DEADLINE = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);

    private IngestionServer server;
    private DeviceClient device;

    private IngestionMetrics metrics;

    private void connect(TelemetrySink sink) throws Exception {
        connect(sink, TestServers.config());
    }

    private void connect(TelemetrySink sink, IngestionConfig config) throws Exception {
        metrics = new IngestionMetrics();
        server = TestServers.start(config, sink, metrics);
        device = DeviceClient.connect(server.port());
        assertThat(device.handshake(IMEI)).isEqualTo(1);
    }

    @AfterEach
    void close() throws Exception {
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void ack_whenSinkHasNotCompleted_thenWithheldUntilItDoes() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink);

        device.send(Packets.avl(Codec.CODEC_8, 2));
        HandCompletedSink.Pending pending = sink.awaitBatch(SINK_DEADLINE);
        device.assertSilentFor(QUIET);

        pending.complete();
        assertThat(device.readAck()).isEqualTo(2);
    }

    @Test
    void ack_whenSinkFails_thenClosesWithoutAck() throws Exception {
        connect(new FailingSink());

        device.send(Packets.avl(Codec.CODEC_8, 2));

        assertThat(device.awaitClosed(SINK_DEADLINE)).isEmpty();
    }

    @Test
    void ack_whenSinkRefusesForWantOfRoomForAWhile_thenReadingPausesAndTheSocketGetsItsAcksInOrder() throws Exception {
        OverloadedSink sink = new OverloadedSink();
        connect(sink);

        device.send(Packets.avl(Codec.CODEC_8, 1));
        Poll.until(SINK_DEADLINE, "the refused packet offered again", () -> sink.refusals() >= 3);
        device.send(Packets.avl(Codec.CODEC_8, 2));
        device.assertSilentFor(QUIET);
        assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_packets_total{codec=\"08\"}"))
                .as("packets read while the first waits for room").isEqualTo(1);

        sink.makeRoom();
        assertThat(device.readAck()).isEqualTo(1);
        assertThat(device.readAck()).isEqualTo(2);
        assertThat(sink.taken()).extracting(b -> b.records().size()).containsExactly(1, 2);
    }

    @Test
    void socket_whenSinkRefusesForWantOfRoomPastStallTimeout_thenClosedWithoutAckAsSinkStalled() throws Exception {
        OverloadedSink sink = new OverloadedSink();
        connect(sink, TestServers.config().withSinkStallTimeout(STALL_TIMEOUT));

        device.send(Packets.avl(Codec.CODEC_8, 2));

        assertThat(device.awaitClosed(SINK_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"sink_stalled\"}", 1);
        assertThat(sink.refusals()).as("offers before the stall timeout").isGreaterThan(1);
        assertThat(sink.taken()).isEmpty();
    }

    @Test
    void acks_whenSinkCompletesSecondPacketFirst_thenStillInPacketOrder() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink);

        device.send(Packets.concat(Packets.avl(Codec.CODEC_8, 1), Packets.avl(Codec.CODEC_8, 2)));
        HandCompletedSink.Pending first = sink.awaitBatch(SINK_DEADLINE);
        HandCompletedSink.Pending second = sink.awaitBatch(SINK_DEADLINE);
        assertThat(first.batch().records()).hasSize(1);

        second.complete();
        device.assertSilentFor(QUIET);
        first.complete();

        assertThat(device.readAck()).isEqualTo(1);
        assertThat(device.readAck()).isEqualTo(2);
    }

    @Test
    void socket_whenOldestPacketWaitsPastStallTimeout_thenClosedWithoutAckAsSinkStalled() throws Exception {
        connect(new HandCompletedSink(), TestServers.config().withSinkStallTimeout(STALL_TIMEOUT));

        device.send(Packets.avl(Codec.CODEC_8, 2));

        assertThat(device.awaitClosed(SINK_DEADLINE)).isEmpty();
        MetricsText.awaitValue(metrics.registry(), "teltonika_connections_closed_total{reason=\"sink_stalled\"}", 1);
    }

    @Test
    void socket_whenEachPacketIsAckedWithinStallTimeout_thenStaysOpenPastItAndClosesOnlyForTheNewerOne() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink, TestServers.config().withSinkStallTimeout(STALL_TIMEOUT));

        device.send(Packets.avl(Codec.CODEC_8, 1));
        HandCompletedSink.Pending first = sink.awaitBatch(SINK_DEADLINE);
        device.assertSilentFor(STALL_TIMEOUT.multipliedBy(6).dividedBy(10));
        device.send(Packets.avl(Codec.CODEC_8, 2));
        sink.awaitBatch(SINK_DEADLINE);
        first.complete();
        assertThat(device.readAck()).isEqualTo(1);

        // The first packet would have been due now: a timer counting from it closes inside this window.
        device.assertSilentFor(STALL_TIMEOUT.multipliedBy(5).dividedBy(10));
        assertThat(device.awaitClosed(SINK_DEADLINE)).isEmpty();
    }

    @Test
    void latencies_whenSinkHeldThePacket_thenAckAndSinkHistogramsIncludeTheWait() throws Exception {
        HandCompletedSink sink = new HandCompletedSink();
        connect(sink);

        device.send(Packets.avl(Codec.CODEC_8, 1));
        HandCompletedSink.Pending pending = sink.awaitBatch(SINK_DEADLINE);
        device.assertSilentFor(QUIET);
        pending.complete();
        assertThat(device.readAck()).isEqualTo(1);

        // Observed before the ACK is written, so the scrape after reading it sees both.
        MetricsText scraped = MetricsText.scrape(metrics.registry());
        for (String histogram : new String[] {"teltonika_ack_latency_seconds", "teltonika_sink_write_seconds"}) {
            assertThat(scraped.value(histogram + "_count")).as(histogram).isEqualTo(1);
            assertThat(scraped.value(histogram + "_bucket{le=\"0.25\"}")).as("%s held %s by the sink", histogram, QUIET)
                    .isZero();
            assertThat(scraped.value(histogram + "_bucket{le=\"10.0\"}")).as(histogram).isEqualTo(1);
        }
    }
}
