package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a device can legally send, the parser reads back exactly: encoder and parser agree. */
class PacketRoundTripPropertyTest {

    @Property(tries = 200)
    void decode_whenRandomValidPacketEncoded_thenSameRecordsBack(@ForAll("packets") AvlPacket packet) {
        byte[] frame = RandomPackets.encode(packet);

        DecodeResult decoded = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(frame));

        assertThat(decoded).isEqualTo(packet);
    }

    @Property(tries = 100)
    void decode_whenOneDataByteFlipped_thenBadCrc(@ForAll("packets") AvlPacket packet, @ForAll int position) {
        byte[] frame = RandomPackets.encode(packet);
        // A single changed byte in codec id … second count always changes a CRC-16.
        int dataLength = frame.length - TeltonikaPacketParser.HEADER_LENGTH - TeltonikaPacketParser.CRC_LENGTH;
        int at = TeltonikaPacketParser.HEADER_LENGTH + Math.floorMod(position, dataLength);
        frame[at] ^= (byte) (1 + Math.floorMod(position >> 16, 255));

        DecodeResult decoded = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(frame));

        assertThat(decoded).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_CRC));
    }

    @Provide
    Arbitrary<AvlPacket> packets() {
        return RandomPackets.avlPackets();
    }
}
