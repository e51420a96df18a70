package com.fleetlink.ingestion.teltonika;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the AVL records of one packet body, one after the other, from a byte array.
 *
 * <p>Plain array reads rather than {@code ByteBuf} reads: a slice of a pooled direct buffer checks
 * its reference count and bounds on every call, and a record has some forty fields. Bounds are
 * checked here instead, once per fixed-size stretch: the record head, each IO group (its count
 * says how many equal-sized elements follow) and each NX element. An overrun is not an exception
 * but a {@code null} record, which the parser turns into a rejection.
 *
 * <p>Each record's IO block is walked twice: once to check that every group fits and to count
 * the elements, then to fill arrays of exactly that size. The walk reads only the group counts
 * and NX lengths, and nothing is allocated until the bytes are known to be there, so a lying
 * count cannot make the reader allocate more than the body holds.
 */
final class AvlRecordReader {
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Timestamp, priority and the 15-byte GPS element. */
    static final int RECORD_HEAD_LENGTH = 8 + 1 + 15;
    /** Id and length of one NX element, before its value. */
    private static final int NX_HEADER_LENGTH = 4;

    private static final int[] NO_IDS = new int[0];
    private static final long[] NO_VALUES = new long[0];
    private static final byte[][] NO_BYTES = new byte[0][];

    private final byte[] in;
    private final int end;
    private final int idWidth;
    private final int countWidth;
    private final boolean generationType;
    private final boolean variableGroup;
    /** Head, event id, generation type and total IO count: what every record starts with. */
    private final int fixedHeadLength;
    private int pos;
    /** The group sizes (16 bits each, 1-byte group lowest) that {@link #lastWidths} was made for. */
    private long lastShape;
    private byte[] lastWidths;

    /** Reads {@code codec}'s records from {@code in[from..end)}; the caller keeps {@code in} unchanged meanwhile. */
    AvlRecordReader(Codec codec, byte[] in, int from, int end) {
        this.in = in;
        this.pos = from;
        this.end = end;
        this.idWidth = codec.idWidth();
        this.countWidth = codec.countWidth();
        this.generationType = codec.hasGenerationType();
        this.variableGroup = codec.hasVariableGroup();
        this.fixedHeadLength = RECORD_HEAD_LENGTH + idWidth + (generationType ? 1 : 0) + countWidth;
    }

    /** Bytes not read yet. */
    int remaining() {
        return end - pos;
    }

    /** The next record, or {@code null} when it runs past the end; then the position is undefined. */
    AvlRecord next() {
        int p = pos;
        if (end - p < fixedHeadLength) {
            return null;
        }
        long timestamp = (long) LONG_BE.get(in, p);
        int priority = in[p + 8] & 0xFF;
        int longitude = (int) INT_BE.get(in, p + 9);
        int latitude = (int) INT_BE.get(in, p + 13);
        int altitude = (short) SHORT_BE.get(in, p + 17);
        int angle = u16(p + 19);
        int satellites = in[p + 21] & 0xFF;
        int speed = u16(p + 22);
        p += RECORD_HEAD_LENGTH;
        int eventId = id(p);
        p += idWidth;
        int generation = AvlRecord.NO_GENERATION_TYPE;
        if (generationType) {
            generation = in[p] & 0xFF;
            p++;
        }
        // The total IO count is skipped: devices in the field send wrong totals, the group counts decide.
        p += countWidth;
        pos = p;
        IoElements io = readIo();
        if (io == null) {
            return null;
        }
        return new AvlRecord(timestamp, priority, longitude, latitude, altitude, angle, satellites,
                speed, eventId, generation, io);
    }

    private IoElements readIo() {
        // First walk: does every group fit, and how many elements are there?
        int g1 = pos;
        int g2 = skipGroup(g1, 1);
        int g4 = skipGroup(g2, 2);
        int g8 = skipGroup(g4, 4);
        int nxAt = skipGroup(g8, 8);
        if (nxAt < 0) {
            return null;
        }
        int variable = 0;
        int p = nxAt;
        if (variableGroup) {
            if (end - p < 2) {
                return null;
            }
            variable = u16(p);
            p += 2;
            for (int k = 0; k < variable; k++) {
                if (end - p < NX_HEADER_LENGTH) {
                    return null;
                }
                int length = u16(p + 2);
                p += NX_HEADER_LENGTH;
                if (end - p < length) {
                    return null;
                }
                p += length;
            }
        }
        // Everything fits: fill arrays of exactly the counted size, without further checks.
        int n1 = count(g1);
        int n2 = count(g2);
        int n4 = count(g4);
        int n8 = count(g8);
        int fixed = n1 + n2 + n4 + n8;
        int[] ids = fixed == 0 ? NO_IDS : new int[fixed];
        long[] values = fixed == 0 ? NO_VALUES : new long[fixed];
        // Four loops written out, one per width: measured about a fifth faster per record than one
        // loop called per group with the width as an argument, which the JIT did not specialise.
        int iw = idWidth;
        int i = 0;
        p = g1 + countWidth;
        for (int k = 0; k < n1; k++, i++, p += iw + 1) {
            ids[i] = id(p);
            values[i] = in[p + iw] & 0xFFL;
        }
        p = g2 + countWidth;
        for (int k = 0; k < n2; k++, i++, p += iw + 2) {
            ids[i] = id(p);
            values[i] = (short) SHORT_BE.get(in, p + iw) & 0xFFFFL;
        }
        p = g4 + countWidth;
        for (int k = 0; k < n4; k++, i++, p += iw + 4) {
            ids[i] = id(p);
            values[i] = (int) INT_BE.get(in, p + iw) & 0xFFFF_FFFFL;
        }
        p = g8 + countWidth;
        for (int k = 0; k < n8; k++, i++, p += iw + 8) {
            ids[i] = id(p);
            values[i] = (long) LONG_BE.get(in, p + iw);
        }
        byte[] widths = widths(n1, n2, n4, n8);
        int[] variableIds = variable == 0 ? NO_IDS : new int[variable];
        byte[][] variableValues = variable == 0 ? NO_BYTES : new byte[variable][];
        p = nxAt;
        if (variableGroup) {
            p += 2;
            for (int k = 0; k < variable; k++) {
                variableIds[k] = u16(p);
                int length = u16(p + 2);
                p += NX_HEADER_LENGTH;
                variableValues[k] = Arrays.copyOfRange(in, p, p + length);
                p += length;
            }
        }
        pos = p;
        return IoElements.adopt(ids, widths, values, variableIds, variableValues);
    }

    /**
     * Where the group of {@code width}-byte elements that starts at {@code p} ends, or -1 when it
     * (or an earlier group, {@code p < 0}) runs past the end.
     */
    private int skipGroup(int p, int width) {
        if (p < 0 || end - p < countWidth) {
            return -1;
        }
        int n = count(p);
        p += countWidth;
        // At most 65,535 × 10: no overflow.
        int groupLength = n * (idWidth + width);
        return end - p < groupLength ? -1 : p + groupLength;
    }

    /**
     * The widths of elements in groups of these sizes. IoElements never writes to its widths, so
     * records with the same group sizes, as a device's records mostly are, share one array.
     */
    private byte[] widths(int n1, int n2, int n4, int n8) {
        long shape = n1 | (long) n2 << 16 | (long) n4 << 32 | (long) n8 << 48;
        if (lastWidths != null && shape == lastShape) {
            return lastWidths;
        }
        byte[] widths = new byte[n1 + n2 + n4 + n8];
        Arrays.fill(widths, 0, n1, (byte) 1);
        Arrays.fill(widths, n1, n1 + n2, (byte) 2);
        Arrays.fill(widths, n1 + n2, n1 + n2 + n4, (byte) 4);
        Arrays.fill(widths, n1 + n2 + n4, widths.length, (byte) 8);
        lastShape = shape;
        lastWidths = widths;
        return widths;
    }

    private int u16(int at) {
        return (short) SHORT_BE.get(in, at) & 0xFFFF;
    }

    private int id(int at) {
        return idWidth == 1 ? in[at] & 0xFF : u16(at);
    }

    private int count(int at) {
        return countWidth == 1 ? in[at] & 0xFF : u16(at);
    }
}
