package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.MetricsText;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage after a valid handshake, over real TCP: each kind closes the socket with a counted
 * reason, and another device on the same server keeps getting its ACKs.
 */
class BadInputCountedTest {
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

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

    @Test
    void oversizedLengthField_whenSent_thenClosedAndCountedAsFrameTooLong() throws Exception {
        try (DeviceClient bystander = DeviceClient.connect(server.port(), "356307042441013");
             DeviceClient attacker = DeviceClient.connect(server.port(), "356307042441021")) {
            attacker.send(Packets.concat(new byte[4], HexFormat.of().parseHex("7FFFFFF0"), new byte[] {0x08, 0x01}));

            assertThat(attacker.awaitClosed(CLOSE_DEADLINE)).isEmpty();
            assertCounted("teltonika_frames_rejected_total{reason=\"frame_too_long\"}");
            assertCounted("teltonika_connections_closed_total{reason=\"bad_frame\"}");
            assertThat(bystander.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        }
    }

    @Test
    void randomBytes_whenSentAfterHandshake_thenClosedAndCountedAsBadPreamble() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        // Neither a keep-alive (0xFF) nor a zero preamble byte: the first frame header is certainly bad.
        garbage[0] = 0x42;
        try (DeviceClient bystander = DeviceClient.connect(server.port(), "356307042441013");
             DeviceClient attacker = DeviceClient.connect(server.port(), "356307042441021")) {
            attacker.send(garbage);

            assertThat(attacker.awaitClosed(CLOSE_DEADLINE)).isEmpty();
            assertCounted("teltonika_frames_rejected_total{reason=\"bad_preamble\"}");
            assertCounted("teltonika_connections_closed_total{reason=\"bad_frame\"}");
            assertThat(bystander.sendRecord(1_700_000_000_000L)).isEqualTo(1);
        }
    }

    private void assertCounted(String sample) {
        MetricsText.awaitValue(metrics.registry(), sample, 1);
    }
}
