package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a handshaken device gets back for well-formed traffic, however TCP slices it. */
@ExtendWith(HandshakenDevice.class)
class AvlAcknowledgementTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void avlPacket_whenAccepted_thenAckIsRecordCountAsFourBytesBigEndian(DeviceClient device) throws Exception {
        device.send(Packets.avl(Codec.CODEC_8_EXTENDED, 7));

        // readAck reads the four bytes as big-endian; a little-endian 7 would read as 117440512.
        assertThat(device.readAck()).isEqualTo(7);
        device.assertSilentFor(QUIET);
    }

    @Test
    void keepAlive_whenLoneFfByteArrives_thenNoAnswerAndSocketStaysUsable(DeviceClient device) throws Exception {
        device.send(new byte[] {(byte) 0xFF});
        device.assertSilentFor(QUIET);

        device.send(Packets.avl(Codec.CODEC_8, 2));
        assertThat(device.readAck()).isEqualTo(2);
    }

    @Test
    void codec12Response_whenReceived_thenNoAckAndNextAvlAckIsTheNextBytesRead(DeviceClient device) throws Exception {
        device.send(Packets.command(CommandMessage.TYPE_RESPONSE, "DI1:1 DI2:0 DO1:0"));
        device.send(Packets.avl(Codec.CODEC_16, 3));

        assertThat(device.readAck()).isEqualTo(3);
        device.assertSilentFor(QUIET);
    }

    @Test
    void avlPacket_whenSplitAcrossManyWrites_thenAckedOnceComplete(DeviceClient device) throws Exception {
        byte[] packet = Packets.avl(Codec.CODEC_8_EXTENDED, 4);

        device.sendInPieces(packet, 3);

        assertThat(device.readAck()).isEqualTo(4);
    }

    @Test
    void avlPackets_whenSeveralInOneWrite_thenAckedInOrder(DeviceClient device) throws Exception {
        device.send(Packets.concat(
                Packets.avl(Codec.CODEC_8, 1),
                Packets.avl(Codec.CODEC_8_EXTENDED, 2),
                Packets.avl(Codec.CODEC_16, 3)));

        assertThat(device.readAck()).isEqualTo(1);
        assertThat(device.readAck()).isEqualTo(2);
        assertThat(device.readAck()).isEqualTo(3);
    }
}
