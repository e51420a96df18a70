package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames the server refuses: which ones it answers with a zero ACK and which ones close the socket. */
@ExtendWith(HandshakenDevice.class)
class RejectedFrameTest {
    /** Generous for loopback; the server decides on the header alone, never on a timer. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

    @Test
    void badCrc_whenReceived_thenAcksZeroAndLaterGoodPacketIsAcked(DeviceClient device) throws Exception {
        device.send(Packets.withBadCrc(Packets.avl(Codec.CODEC_8, 2)));
        assertThat(device.readAck()).isZero();

        device.send(Packets.avl(Codec.CODEC_8, 2));
        assertThat(device.readAck()).isEqualTo(2);
    }

    @Test
    void badCrc_whenMoreThanMaxInARow_thenCloses(DeviceClient device) throws Exception {
        byte[] corrupt = Packets.withBadCrc(Packets.avl(Codec.CODEC_8, 1));
        int allowed = IngestionConfig.DEFAULT_MAX_BAD_CRC_IN_A_ROW;
        for (int i = 0; i < allowed; i++) {
            device.send(corrupt);
            assertThat(device.readAck()).as("zero ACK for bad CRC %d of %d", i + 1, allowed).isZero();
        }

        device.send(corrupt);

        assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
    }

    @Test
    void badPreamble_whenReceived_thenClosesWithoutAck(DeviceClient device) throws Exception {
        byte[] packet = Packets.avl(Codec.CODEC_8, 1);
        packet[3] = 0x01;

        device.send(packet);

        assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
    }

    /**
     * 0x7FFFFFF0 is the telling case: a frame length computed from it still fits an int, so a decoder
     * that skipped the limit check would sit waiting for two gigabytes instead of tripping over an
     * overflow. 0xFFFFFFFF is the largest the field can claim.
     */
    @ParameterizedTest(name = "length field {0}")
    @ValueSource(strings = {"7FFFFFF0", "7FFFFFFF", "FFFFFFFF"})
    void lengthField_whenClaimsGigabytes_thenClosesAtOnceWithoutWaitingForBody(String lengthHex, DeviceClient device)
            throws Exception {
        byte[] length = HexFormat.of().parseHex(lengthHex);
        // Preamble, the length, and the first bytes of a body that will never come.
        device.send(Packets.concat(new byte[4], length, new byte[] {0x08, 0x01}));

        assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
    }

    @Test
    void unknownCodec_whenCrcIsValid_thenClosesWithoutAck(DeviceClient device) throws Exception {
        device.send(Packets.withCodecId(Packets.avl(Codec.CODEC_8, 1), 0x99));

        assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
    }
}
