package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time CRC against the CRC's definition, one bit at a time, on every length
 * (so every tail length after the 8-byte blocks), every offset and every kind of buffer.
 */
class Crc16IbmTest {

    @Test
    void compute_whenCatalogueCheckString_thenCatalogueCheckValue() {
        // CRC-16/ARC's published check value for the ASCII digits 1 to 9.
        assertThat(Crc16Ibm.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xBB3D);
    }

    @Property(tries = 300)
    void compute_whenAnyRangeOfAnArray_thenSameAsBitwiseDefinition(
            @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 300) int a, @ForAll @IntRange(max = 300) int b) {
        int from = Math.min(a, bytes.length);
        int length = Math.min(b, bytes.length - from);

        assertThat(Crc16Ibm.compute(bytes, from, length)).isEqualTo(bitwise(bytes, from, length));
    }

    @Property(tries = 200)
    void compute_whenHeapSliceOrDirectBuffer_thenSameAsBitwiseDefinition(
            @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(max = 20) int skip) {
        int expected = bitwise(bytes, 0, bytes.length);
        // A slice whose array offset is not zero, and a pooled direct buffer as the server gets them.
        ByteBuf heap = Unpooled.buffer(skip + bytes.length).writeZero(skip).writeBytes(bytes).slice(skip, bytes.length);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(skip + bytes.length).writeZero(skip).writeBytes(bytes);
        try {
            assertThat(Crc16Ibm.compute(heap, 0, bytes.length)).isEqualTo(expected);
            assertThat(Crc16Ibm.compute(direct, skip, bytes.length)).isEqualTo(expected);
        } finally {
            direct.release();
        }
    }

    @Test
    void compute_whenDirectBufferLongerThanOneCopyChunk_thenSameAsBitwiseDefinition() {
        byte[] bytes = new byte[70_001];
        new Random(7).nextBytes(bytes);
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        try {
            assertThat(Crc16Ibm.compute(direct, 3, bytes.length - 3)).isEqualTo(bitwise(bytes, 3, bytes.length - 3));
        } finally {
            direct.release();
        }
    }

    @Test
    void compute_whenRangeOutsideTheArray_thenIndexOutOfBounds() {
        assertThatThrownBy(() -> Crc16Ibm.compute(new byte[8], 4, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Crc16Ibm.compute(new byte[8], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Straight from the definition: shift each bit out, XOR the reflected polynomial when it was 1. */
    private static int bitwise(byte[] bytes, int from, int length) {
        int crc = 0;
        for (int i = from; i < from + length; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
