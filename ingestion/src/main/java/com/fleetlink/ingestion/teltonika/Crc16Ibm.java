package com.fleetlink.ingestion.teltonika;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/IBM (also called CRC-16/ARC): reflected polynomial 0xA001, initial value 0, no final XOR.
 * Teltonika computes it over an AVL packet from the codec id to the second record count.
 */
public final class Crc16Ibm {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc16Ibm() {
    }

    /** The CRC of {@code length} bytes of {@code buf} starting at absolute index {@code from}. */
    public static int compute(ByteBuf buf, int from, int length) {
        int crc = 0;
        int end = from + length;
        if (buf.hasArray()) {
            byte[] array = buf.array();
            int offset = buf.arrayOffset();
            for (int i = from + offset, e = end + offset; i < e; i++) {
                crc = (crc >>> 8) ^ TABLE[(crc ^ array[i]) & 0xFF];
            }
            return crc;
        }
        for (int i = from; i < end; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ buf.getByte(i)) & 0xFF];
        }
        return crc;
    }

    /** The CRC of a whole byte array. */
    public static int compute(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xFF];
        }
        return crc;
    }
}
