package com.fleetlink.ingestion.teltonika;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * IO elements read where they lie in the bytes of the packet body, as {@link AvlRecordReader}
 * found them: four groups of equal-sized elements, then the NX elements. Nothing is decoded
 * until asked for, so a record costs the parser this one object instead of an array per kind of
 * field, and reading a value is one array read, as from an array of decoded values.
 *
 * <p>The reader has already checked that every element lies inside {@code body}, and the parser
 * gives each packet a copy of its bytes that nobody writes to, so no read here can fail or change.
 */
final class WireIoElements extends IoElements {
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] body;
    private final int idWidth;
    /** Where the first element of the 1-, 2-, 4- and 8-byte group starts. */
    private final int at1;
    private final int at2;
    private final int at4;
    private final int at8;
    /** Indexes one past the last element of the 1-, 2- and 4-byte group; the 8-byte group ends at fixedCount. */
    private final int end1;
    private final int end2;
    private final int end4;
    private final int fixedCount;
    /** Where each NX element (its 2-byte id, then its 2-byte length) starts: a stretch of the packet's array. */
    private final int[] variableAt;
    private final int variableFrom;
    private final int variableCount;

    WireIoElements(byte[] body, int idWidth, int at1, int n1, int at2, int n2, int at4, int n4, int at8, int n8,
                   int[] variableAt, int variableFrom, int variableCount) {
        this.body = body;
        this.idWidth = idWidth;
        this.at1 = at1;
        this.at2 = at2;
        this.at4 = at4;
        this.at8 = at8;
        this.end1 = n1;
        this.end2 = n1 + n2;
        this.end4 = n1 + n2 + n4;
        this.fixedCount = n1 + n2 + n4 + n8;
        this.variableAt = variableAt;
        this.variableFrom = variableFrom;
        this.variableCount = variableCount;
    }

    @Override
    public int fixedCount() {
        return fixedCount;
    }

    @Override
    public int id(int i) {
        checkFixed(i);
        int p = position(i);
        return idWidth == 1 ? body[p] & 0xFF : u16(p);
    }

    @Override
    public int width(int i) {
        checkFixed(i);
        return i < end1 ? 1 : i < end2 ? 2 : i < end4 ? 4 : 8;
    }

    @Override
    public long value(int i) {
        checkFixed(i);
        int p = position(i) + idWidth;
        if (i < end1) {
            return body[p] & 0xFFL;
        }
        if (i < end2) {
            return (short) SHORT_BE.get(body, p) & 0xFFFFL;
        }
        if (i < end4) {
            return (int) INT_BE.get(body, p) & 0xFFFF_FFFFL;
        }
        return (long) LONG_BE.get(body, p);
    }

    /** Where the {@code i}-th fixed element's id starts: its group's start plus whole elements of that group. */
    private int position(int i) {
        int iw = idWidth;
        if (i < end1) {
            return at1 + i * (iw + 1);
        }
        if (i < end2) {
            return at2 + (i - end1) * (iw + 2);
        }
        if (i < end4) {
            return at4 + (i - end2) * (iw + 4);
        }
        return at8 + (i - end4) * (iw + 8);
    }

    @Override
    public int variableCount() {
        return variableCount;
    }

    @Override
    public int variableId(int i) {
        checkVariable(i);
        return u16(variableAt[variableFrom + i]);
    }

    @Override
    public byte[] variableValue(int i) {
        checkVariable(i);
        int p = variableAt[variableFrom + i];
        return Arrays.copyOfRange(body, p + 4, p + 4 + u16(p + 2));
    }

    private int u16(int at) {
        return (short) SHORT_BE.get(body, at) & 0xFFFF;
    }
}
