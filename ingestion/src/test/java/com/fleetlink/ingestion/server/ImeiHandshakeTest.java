package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The IMEI handshake over a real socket: what is accepted, what is refused, and how bytes may arrive. */
class ImeiHandshakeTest {
    private static final int ACCEPT = 0x01;
    private static final int REJECT = 0x00;
    /** The wiki's example IMEI; its last digit is a valid Luhn check digit. */
    private static final String LUHN_VALID_IMEI = "356307042441013";
    /** The same digits with a wrong check digit. */
    private static final String LUHN_INVALID_IMEI = "356307042441014";
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

    private IngestionServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private int start(ImeiPolicy policy) throws InterruptedException {
        server = TestServers.start(TestServers.config(IngestionConfig.DEFAULT_IDLE_TIMEOUT, policy),
                new AcceptingSink(), new IngestionMetrics());
        return server.port();
    }

    @Test
    void handshake_whenImeiIsFifteenDigits_thenAnswers01() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(ImeiPolicy.DIGITS_ONLY))) {
            assertThat(device.handshake(LUHN_VALID_IMEI)).isEqualTo(ACCEPT);
        }
    }

    @Test
    void handshake_whenLengthFieldIsNot15_thenAnswers00AndCloses() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(ImeiPolicy.DIGITS_ONLY))) {
            assertThat(device.handshake("35630704244101")).isEqualTo(REJECT);
            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @Test
    void handshake_whenImeiHasANonDigit_thenAnswers00AndCloses() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(ImeiPolicy.DIGITS_ONLY))) {
            assertThat(device.handshake("35630704244101A")).isEqualTo(REJECT);
            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @Test
    void handshake_whenLuhnCheckOnAndCheckDigitWrong_thenAnswers00AndCloses() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(new ImeiPolicy(true)))) {
            assertThat(device.handshake(LUHN_INVALID_IMEI)).isEqualTo(REJECT);
            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
        }
    }

    @Test
    void handshake_whenLuhnCheckOnAndCheckDigitValid_thenAnswers01() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(new ImeiPolicy(true)))) {
            assertThat(device.handshake(LUHN_VALID_IMEI)).isEqualTo(ACCEPT);
        }
    }

    @Test
    void handshake_whenLuhnCheckOffAndImeiMadeUp_thenAnswers01() throws Exception {
        try (DeviceClient device = DeviceClient.connect(start(ImeiPolicy.DIGITS_ONLY))) {
            assertThat(device.handshake(LUHN_INVALID_IMEI)).isEqualTo(ACCEPT);
        }
    }

    @Test
    void handshake_whenImeiSplitAcrossTwoWrites_thenAnswers01OnlyOnceComplete() throws Exception {
        byte[] hello = Packets.imei(LUHN_VALID_IMEI);
        try (DeviceClient device = DeviceClient.connect(start(ImeiPolicy.DIGITS_ONLY))) {
            device.send(Arrays.copyOfRange(hello, 0, 7));
            device.assertSilentFor(Duration.ofMillis(150));
            device.send(Arrays.copyOfRange(hello, 7, hello.length));
            assertThat(device.readByte()).isEqualTo(ACCEPT);
        }
    }

    @Test
    void handshake_whenFirstPacketInSameWrite_thenPacketIsDecodedAndAcked() throws Exception {
        AcceptingSink sink = new AcceptingSink();
        server = TestServers.start(TestServers.config(), sink, new IngestionMetrics());
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.send(Packets.concat(Packets.imei(LUHN_VALID_IMEI), Packets.avl(Codec.CODEC_8, 3)));
            assertThat(device.readByte()).isEqualTo(ACCEPT);
            assertThat(device.readAck()).isEqualTo(3);
        }
        assertThat(sink.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.imei()).isEqualTo(LUHN_VALID_IMEI);
            assertThat(batch.records()).isEqualTo(Packets.records(Codec.CODEC_8, 3));
        });
    }
}
