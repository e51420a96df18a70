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
 * <p>A record's IO block is walked once, reading only the group counts and NX lengths to check
 * that every element fits; the elements themselves stay where they are and are read on demand
 * through {@link WireIoElements}, which is why {@code in} must be an array that nobody changes
 * afterwards (the parser gives each packet a copy of its bytes). The only arrays allocated, for the
 * NX elements' positions, grow only once the bytes are known to hold the elements, so a lying
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
    private static final int[] NO_POSITIONS = new int[0];

    private final byte[] in;
    private final int end;
    private final int idWidth;
    private final int countWidth;
    private final boolean generationType;
    private final boolean variableGroup;
    /** Head, event id, generation type and total IO count: what every record starts with. */
    private final int fixedHeadLength;
    private int pos;
    /**
     * Where each NX element of the packet starts, shared by its records (each knows its stretch):
     * one array per packet rather than one per record, sized for one NX element per record.
     */
    private int[] variableAt;
    private int variableUsed;

    /**
     * Reads {@code codec}'s {@code records} records from {@code in[from..end)}; the records refer to
     * {@code in}, which must never change.
     */
    AvlRecordReader(Codec codec, byte[] in, int from, int end, int records) {
        this.in = in;
        this.pos = from;
        this.end = end;
        this.idWidth = codec.idWidth();
        this.countWidth = codec.countWidth();
        this.generationType = codec.hasGenerationType();
        this.variableGroup = codec.hasVariableGroup();
        this.fixedHeadLength = RECORD_HEAD_LENGTH + idWidth + (generationType ? 1 : 0) + countWidth;
        this.variableAt = variableGroup ? new int[records] : NO_POSITIONS;
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
        IoElements io = readIo(p);
        if (io == null) {
            return null;
        }
        return new AvlRecord(timestamp, priority, longitude, latitude, altitude, angle, satellites,
                speed, eventId, generation, io);
    }

    /**
     * The IO block that starts at {@code g1}, the first group's count, or {@code null} when it runs
     * past the end. Each group's count is read once its bytes are known to be there, and each group
     * must fit before the next count is read.
     */
    private IoElements readIo(int g1) {
        int cw = countWidth;
        int iw = idWidth;
        int at1 = g1 + cw;
        if (at1 > end) {
            return null;
        }
        int n1 = count(g1);
        // Counts are at most 65,535 and elements at most 10 bytes: no overflow.
        int g2 = at1 + n1 * (iw + 1);
        int at2 = g2 + cw;
        if (at2 > end) {
            return null;
        }
        int n2 = count(g2);
        int g4 = at2 + n2 * (iw + 2);
        int at4 = g4 + cw;
        if (at4 > end) {
            return null;
        }
        int n4 = count(g4);
        int g8 = at4 + n4 * (iw + 4);
        int at8 = g8 + cw;
        if (at8 > end) {
            return null;
        }
        int n8 = count(g8);
        int nxAt = at8 + n8 * (iw + 8);
        if (nxAt > end) {
            return null;
        }
        int variableFrom = variableUsed;
        int p = variableGroup ? skipVariable(nxAt) : nxAt;
        if (p < 0) {
            return null;
        }
        pos = p;
        int variable = variableUsed - variableFrom;
        if (n1 + n2 + n4 + n8 == 0 && variable == 0) {
            return IoElements.EMPTY;
        }
        return new WireIoElements(in, iw, at1, n1, at2, n2, at4, n4, at8, n8, variableAt, variableFrom, variable);
    }

    /**
     * Notes where each NX element of the group at {@code p} starts and returns where the group
     * ends, or -1 when it runs past the end. Kept out of {@link #readIo} so that the compiler,
     * which compiles this loop on its own, still inlines {@code readIo} into the caller.
     */
    private int skipVariable(int p) {
        if (end - p < 2) {
            return -1;
        }
        int variable = u16(p);
        p += 2;
        // Every NX element takes at least its header: a count the bytes cannot hold is refused before allocating.
        if (variable > (end - p) / NX_HEADER_LENGTH) {
            return -1;
        }
        reserveVariable(variable);
        for (int k = 0; k < variable; k++) {
            if (end - p < NX_HEADER_LENGTH) {
                return -1;
            }
            variableAt[variableUsed++] = p;
            int length = u16(p + 2);
            p += NX_HEADER_LENGTH;
            if (end - p < length) {
                return -1;
            }
            p += length;
        }
        return p;
    }

    /**
     * Room for {@code n} more NX positions. A full array is replaced, not changed: the records read
     * so far keep the old one, whose entries for them stay as they are. Doubling keeps the arrays
     * of a packet within twice its NX count, which the bytes bound.
     */
    private void reserveVariable(int n) {
        if (variableAt.length - variableUsed < n) {
            variableAt = Arrays.copyOf(variableAt, Math.max(variableUsed + n, 2 * variableAt.length));
        }
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
