package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ACK follows the sink: never before it accepted the records, never out of packet order. */
class SinkAcknowledgementTest {
    private static final String IMEI = "356307042441013";
    private static final Duration SINK_DEADLINE = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private IngestionServer server;
    private DeviceClient device;

    private void connect(TelemetrySink sink) throws Exception {
        server = TestServers.start(TestServers.config(), sink, metrics);
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
        connect(new RefusingSink());

        device.send(Packets.avl(Codec.CODEC_8, 2));

        assertThat(device.awaitClosed(SINK_DEADLINE)).isEmpty();
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
