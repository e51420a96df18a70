package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The parser reads a direct buffer through a copy of the frame's own and a heap buffer through its
 * array: both must decode the same, at any position in the buffer, and nothing decoded may share
 * bytes with the next frame parsed, nor point into a heap buffer's array.
 */
class ParserBufferKindsTest {

    @Property(tries = 150)
    void decode_whenValidPacketInPooledDirectSlice_thenSameRecordsBack(
            @ForAll("packets") AvlPacket packet, @ForAll @IntRange(max = 40) int skip) {
        byte[] frame = RandomPackets.encode(packet);
        ByteBuf whole = PooledByteBufAllocator.DEFAULT.directBuffer(skip + frame.length).writeZero(skip).writeBytes(frame);
        // What the frame decoder hands on: a retained slice of its buffer.
        ByteBuf slice = whole.retainedSlice(skip, frame.length);
        whole.release();
        try {
            assertThat(TeltonikaPacketParser.parse(slice)).isEqualTo(packet);
        } finally {
            slice.release();
        }
    }

    @Test
    void decode_whenAnotherDirectFrameParsedAfterwards_thenEarlierRecordsUnchanged() {
        AvlPacket first = packetWithNx((byte) 0x11, 3);
        AvlPacket second = packetWithNx((byte) 0x22, 3);

        DecodeResult firstDecoded = parseDirect(RandomPackets.encode(first));
        DecodeResult secondDecoded = parseDirect(RandomPackets.encode(second));

        assertThat(firstDecoded).isEqualTo(first);
        assertThat(secondDecoded).isEqualTo(second);
    }

    @Test
    void decode_whenHeapFrameBytesOverwrittenAfterwards_thenRecordsUnchanged() {
        AvlPacket packet = packetWithNx((byte) 0x33, 3);
        byte[] frame = RandomPackets.encode(packet);

        // A pooled heap buffer's array is reused once released: the records must not read it later.
        DecodeResult decoded = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(frame));
        Arrays.fill(frame, (byte) 0x7E);

        assertThat(decoded).isEqualTo(packet);
    }

    @Test
    void decode_whenDirectFrameLargerThanTheDefaultFrameLimit_thenDecoded() {
        // One NX value of the largest length fits only a frame over the server's default 64 KiB limit.
        AvlPacket packet = packetWithNx((byte) 0x5A, 65_535);
        byte[] frame = RandomPackets.encode(packet);
        assertThat(frame.length).isGreaterThan(64 * 1024);

        assertThat(parseDirect(frame)).isEqualTo(packet);
    }

    @Test
    void decode_whenPacketDecoded_thenRecordListIsReadOnly() {
        AvlPacket decoded = (AvlPacket) parseDirect(RandomPackets.encode(packetWithNx((byte) 1, 1)));
        AvlRecord record = decoded.records().get(0);

        assertThatThrownBy(() -> decoded.records().add(record)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decoded.records().set(0, record)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(decoded.records()).hasSize(2).startsWith(record);
    }

    @Test
    void avlPacket_whenCallerListChangesAfterwards_thenPacketUnchanged() {
        AvlRecord record = packetWithNx((byte) 1, 1).records().get(0);
        List<AvlRecord> mine = new ArrayList<>(List.of(record));
        AvlPacket packet = new AvlPacket(Codec.CODEC_8_EXTENDED, mine);

        mine.add(record);

        assertThat(packet.records()).hasSize(1);
    }

    private static DecodeResult parseDirect(byte[] frame) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(frame.length).writeBytes(frame);
        try {
            return TeltonikaPacketParser.parse(buf);
        } finally {
            buf.release();
        }
    }

    /** Two Codec 8 Extended records, each with one fixed element and one NX value of {@code length} bytes {@code fill}. */
    private static AvlPacket packetWithNx(byte fill, int length) {
        List<AvlRecord> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] value = new byte[length];
            Arrays.fill(value, (byte) (fill + i));
            IoElements io = IoElements.builder(1).add(239, 1, 1).addVariable(0x101, value).build();
            records.add(new AvlRecord(1_704_067_200_000L + i, 0, 1, 2, 3, 4, 5, 6, 239, AvlRecord.NO_GENERATION_TYPE, io));
        }
        return new AvlPacket(Codec.CODEC_8_EXTENDED, records);
    }

    @Provide
    Arbitrary<AvlPacket> packets() {
        return RandomPackets.avlPackets(40);
    }
}
