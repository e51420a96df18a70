package com.fleetlink.ingestion.teltonika;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/IBM (also called CRC-16/ARC): reflected polynomial 0xA001, initial value 0, no final XOR.
 * Teltonika computes it over an AVL packet from the codec id to the second record count.
 *
 * <p>Computed sixteen bytes per step ("slicing-by-16"). Why that gives the same CRC as the plain
 * byte-at-a-time loop: a CRC without final XOR is linear over GF(2), so the register after a
 * block is the XOR of what each input bit does on its own. In a reflected CRC the register's low
 * byte meets the next input byte and its high byte the byte after, so the 16-bit register can be
 * folded into the first two bytes of the block, after which the block is processed from a zero
 * register. From a zero register, byte {@code b} followed by {@code k} zero bytes leaves
 * {@code Tk[b]} in the register: {@code T0} is the ordinary byte table, and each further zero byte
 * is one more ordinary step, {@code Tk[b] = (t >>> 8) ^ T0[t & 0xFF]} with {@code t = T(k-1)[b]}.
 * The register after sixteen bytes is therefore the XOR of sixteen independent lookups, where the
 * plain loop's every lookup waits on the one before. Only the lookups for the first two bytes
 * depend on the previous register, so they are XORed in last and the other fourteen overlap with
 * the previous step.
 *
 * <p>Measured ({@code CrcSlicingBenchmark}, figures in {@code docs/benchmark-history.md}): by-16 beats
 * by-8 and by-4, and at 16 bytes per step plain byte loads beat two 8-byte little-endian
 * {@code VarHandle} reads that must then be shifted and masked apart: a byte load is one
 * instruction, a shift plus a mask are two.
 */
public final class Crc16Ibm {
    /** Direct buffers are copied through this many bytes of a per-thread array at a time. */
    private static final int SCRATCH_LENGTH = 2048;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_LENGTH]);

    // Tk[b]: the register after byte b and k zero bytes, from a zero register (see the class comment).
    // Sixteen fields rather than an int[16][256]: each lookup is then one array access, not two.
    private static final int[] T0 = new int[256];
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];
    private static final int[] T4 = new int[256];
    private static final int[] T5 = new int[256];
    private static final int[] T6 = new int[256];
    private static final int[] T7 = new int[256];
    private static final int[] T8 = new int[256];
    private static final int[] T9 = new int[256];
    private static final int[] T10 = new int[256];
    private static final int[] T11 = new int[256];
    private static final int[] T12 = new int[256];
    private static final int[] T13 = new int[256];
    private static final int[] T14 = new int[256];
    private static final int[] T15 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            T0[i] = crc;
        }
        int[][] tables = {T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15};
        for (int k = 1; k < tables.length; k++) {
            for (int i = 0; i < 256; i++) {
                int t = tables[k - 1][i];
                tables[k][i] = (t >>> 8) ^ T0[t & 0xFF];
            }
        }
    }

    private Crc16Ibm() {
    }

    /** The CRC of {@code length} bytes of {@code buf} starting at absolute index {@code from}. */
    public static int compute(ByteBuf buf, int from, int length) {
        if (buf.hasArray()) {
            return update(0, buf.array(), buf.arrayOffset() + from, length);
        }
        // A direct buffer checks its reference count and bounds on every read: one bulk copy per
        // chunk into a reused array, then the array loop, measured faster than getLongLE calls.
        byte[] scratch = SCRATCH.get();
        int crc = 0;
        for (int done = 0; done < length; ) {
            int n = Math.min(scratch.length, length - done);
            buf.getBytes(from + done, scratch, 0, n);
            crc = update(crc, scratch, 0, n);
            done += n;
        }
        return crc;
    }

    /** The CRC of a whole byte array. */
    public static int compute(byte[] bytes) {
        return update(0, bytes, 0, bytes.length);
    }

    /** The CRC of {@code length} bytes of {@code bytes} starting at {@code from}. */
    public static int compute(byte[] bytes, int from, int length) {
        if (from < 0 || length < 0 || from > bytes.length - length) {
            throw new IndexOutOfBoundsException("range " + from + "+" + length + " of " + bytes.length + " bytes");
        }
        return update(0, bytes, from, length);
    }

    /** Continues a CRC whose register holds {@code crc} over {@code length} more bytes. */
    private static int update(int crc, byte[] bytes, int from, int length) {
        int i = from;
        int end = from + length;
        for (int blockEnd = end - 15; i < blockEnd; i += 16) {
            int independent = T13[bytes[i + 2] & 0xFF] ^ T12[bytes[i + 3] & 0xFF]
                    ^ T11[bytes[i + 4] & 0xFF] ^ T10[bytes[i + 5] & 0xFF]
                    ^ T9[bytes[i + 6] & 0xFF] ^ T8[bytes[i + 7] & 0xFF]
                    ^ T7[bytes[i + 8] & 0xFF] ^ T6[bytes[i + 9] & 0xFF]
                    ^ T5[bytes[i + 10] & 0xFF] ^ T4[bytes[i + 11] & 0xFF]
                    ^ T3[bytes[i + 12] & 0xFF] ^ T2[bytes[i + 13] & 0xFF]
                    ^ T1[bytes[i + 14] & 0xFF] ^ T0[bytes[i + 15] & 0xFF];
            crc = independent ^ (T15[(bytes[i] ^ crc) & 0xFF] ^ T14[(bytes[i + 1] ^ (crc >>> 8)) & 0xFF]);
        }
        for (; i < end; i++) {
            crc = (crc >>> 8) ^ T0[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }
}
