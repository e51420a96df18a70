package com.fleetlink.ingestion.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.server.AcceptingSink;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.server.TestServers;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape shows after real traffic over real sockets. */
class IngestionMetricsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private IngestionServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.config(), new AcceptingSink(), metrics);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private double value(String sample) {
        return MetricsText.scrape(metrics.registry()).value(sample);
    }

    /** Waits for a value that the server updates on its event loop, after the client already saw the effect. */
    private void awaitValue(String sample, double expected) {
        Poll.until(DEADLINE, sample + " == " + expected + " in\n" + MetricsText.scrape(metrics.registry()),
                () -> value(sample) == expected);
    }

    @Test
    void handshakes_whenAcceptedAndRefused_thenCountedByResult() throws Exception {
        int port = server.port();
        try (DeviceClient a = DeviceClient.connect(port); DeviceClient b = DeviceClient.connect(port);
             DeviceClient malformed = DeviceClient.connect(port); DeviceClient invalid = DeviceClient.connect(port)) {
            assertThat(a.handshake("356307042441013")).isEqualTo(1);
            assertThat(b.handshake("352093081452251")).isEqualTo(1);
            assertThat(malformed.handshake("1234")).isZero();
            assertThat(invalid.handshake("35209308145225X")).isZero();
        }

        assertThat(value("teltonika_handshakes_total{result=\"accepted\"}")).isEqualTo(2);
        assertThat(value("teltonika_handshakes_total{result=\"malformed\"}")).isEqualTo(1);
        assertThat(value("teltonika_handshakes_total{result=\"invalid_imei\"}")).isEqualTo(1);
    }

    @Test
    void packetsAndRecords_whenEachCodecSent_thenCountedByCodecLabel() throws Exception {
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            assertThat(device.handshake("356307042441013")).isEqualTo(1);
            device.send(Packets.avl(Codec.CODEC_8, 1));
            device.send(Packets.avl(Codec.CODEC_8, 2));
            device.send(Packets.avl(Codec.CODEC_8_EXTENDED, 3));
            device.send(Packets.avl(Codec.CODEC_16, 4));
            device.send(Packets.command(CommandMessage.TYPE_RESPONSE, "ok"));
            for (int expected : new int[] {1, 2, 3, 4}) {
                assertThat(device.readAck()).isEqualTo(expected);
            }
        }

        awaitValue("teltonika_packets_total{codec=\"0C\"}", 1);
        assertThat(value("teltonika_packets_total{codec=\"08\"}")).isEqualTo(2);
        assertThat(value("teltonika_packets_total{codec=\"8E\"}")).isEqualTo(1);
        assertThat(value("teltonika_packets_total{codec=\"10\"}")).isEqualTo(1);
        assertThat(value("teltonika_records_total{codec=\"08\"}")).isEqualTo(3);
        assertThat(value("teltonika_records_total{codec=\"8E\"}")).isEqualTo(3);
        assertThat(value("teltonika_records_total{codec=\"10\"}")).isEqualTo(4);
        assertThat(value("teltonika_records_total{codec=\"0C\"}")).isZero();
    }

    @Test
    void rejectedFrames_whenBadCrcAndBadPreamble_thenCountedByReason() throws Exception {
        int port = server.port();
        try (DeviceClient crc = DeviceClient.connect(port); DeviceClient preamble = DeviceClient.connect(port)) {
            assertThat(crc.handshake("356307042441013")).isEqualTo(1);
            crc.send(Packets.withBadCrc(Packets.avl(Codec.CODEC_8, 1)));
            assertThat(crc.readAck()).isZero();
            crc.send(Packets.withBadCrc(Packets.avl(Codec.CODEC_8, 1)));
            assertThat(crc.readAck()).isZero();

            assertThat(preamble.handshake("352093081452251")).isEqualTo(1);
            byte[] bad = Packets.avl(Codec.CODEC_8, 1);
            bad[0] = 0x01;
            preamble.send(bad);
            preamble.awaitClosed(DEADLINE);
        }

        awaitValue("teltonika_frames_rejected_total{reason=\"bad_preamble\"}", 1);
        assertThat(value("teltonika_frames_rejected_total{reason=\"bad_crc\"}")).isEqualTo(2);
        assertThat(value("teltonika_frames_rejected_total{reason=\"unknown_codec\"}")).isZero();
    }

    @Test
    void bytesReceived_whenDeviceSends_thenCountsEveryByte() throws Exception {
        byte[] imei = Packets.imei("356307042441013");
        byte[] packet = Packets.avl(Codec.CODEC_8_EXTENDED, 5);
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(imei);
            assertThat(device.readByte()).isEqualTo(1);
            device.send(new byte[] {(byte) 0xFF});
            device.send(packet);
            assertThat(device.readAck()).isEqualTo(5);
        }

        assertThat(value("teltonika_bytes_received_total")).isEqualTo(imei.length + 1 + packet.length);
    }

    @Test
    void openConnections_whenSomeCloseAndSomeStay_thenGaugeShowsTheOpenOnes() throws Exception {
        int port = server.port();
        try (DeviceClient staying = DeviceClient.connect(port); DeviceClient handshaken = DeviceClient.connect(port)) {
            assertThat(handshaken.handshake("356307042441013")).isEqualTo(1);
            try (DeviceClient leaving = DeviceClient.connect(port)) {
                assertThat(leaving.handshake("352093081452251")).isEqualTo(1);
                awaitValue("teltonika_connections_open", 3);
            }

            awaitValue("teltonika_connections_open", 2);
        }
        awaitValue("teltonika_connections_open", 0);
    }
}
