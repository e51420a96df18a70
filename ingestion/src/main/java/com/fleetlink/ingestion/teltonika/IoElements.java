package com.fleetlink.ingestion.teltonika;

import java.util.Arrays;

/**
 * The IO elements of one AVL record, kept as parallel primitive arrays in the order the device
 * sent them: fixed-width values (1, 2, 4 or 8 bytes, read as unsigned) and, for Codec 8 Extended,
 * variable-length values. Arrays rather than a map because the decoder runs for every record and
 * most records are never looked up by id.
 */
public final class IoElements {
    /** A record without IO elements. */
    public static final IoElements EMPTY = new IoElements(new int[0], new byte[0], new long[0], 0,
            new int[0], new byte[0][], 0);

    private final int[] ids;
    private final byte[] widths;
    private final long[] values;
    private final int fixedCount;
    private final int[] variableIds;
    private final byte[][] variableValues;
    private final int variableCount;

    IoElements(int[] ids, byte[] widths, long[] values, int fixedCount,
               int[] variableIds, byte[][] variableValues, int variableCount) {
        this.ids = ids;
        this.widths = widths;
        this.values = values;
        this.fixedCount = fixedCount;
        this.variableIds = variableIds;
        this.variableValues = variableValues;
        this.variableCount = variableCount;
    }

    /** Number of fixed-width elements. */
    public int fixedCount() {
        return fixedCount;
    }

    /** The IO id of the {@code i}-th fixed-width element. */
    public int id(int i) {
        checkFixed(i);
        return ids[i];
    }

    /** Width in bytes (1, 2, 4 or 8) of the {@code i}-th fixed-width element. */
    public int width(int i) {
        checkFixed(i);
        return widths[i];
    }

    /**
     * The value of the {@code i}-th fixed-width element, unsigned: an 8-byte value above
     * {@link Long#MAX_VALUE} comes back negative, so print it with {@link Long#toUnsignedString}.
     */
    public long value(int i) {
        checkFixed(i);
        return values[i];
    }

    /** Number of variable-length (NX) elements. */
    public int variableCount() {
        return variableCount;
    }

    /** The IO id of the {@code i}-th variable-length element. */
    public int variableId(int i) {
        checkVariable(i);
        return variableIds[i];
    }

    /** A copy of the bytes of the {@code i}-th variable-length element. */
    public byte[] variableValue(int i) {
        checkVariable(i);
        return variableValues[i].clone();
    }

    /** The first fixed-width value with this id, or {@code null} when the record has none. */
    public Long valueOf(int id) {
        for (int i = 0; i < fixedCount; i++) {
            if (ids[i] == id) {
                return values[i];
            }
        }
        return null;
    }

    /** The first variable-length value with this id, or {@code null} when the record has none. */
    public byte[] variableValueOf(int id) {
        for (int i = 0; i < variableCount; i++) {
            if (variableIds[i] == id) {
                return variableValues[i].clone();
            }
        }
        return null;
    }

    /** Total number of elements of both kinds. */
    public int size() {
        return fixedCount + variableCount;
    }

    private void checkFixed(int i) {
        if (i < 0 || i >= fixedCount) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    private void checkVariable(int i) {
        if (i < 0 || i >= variableCount) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IoElements other)) {
            return false;
        }
        if (fixedCount != other.fixedCount || variableCount != other.variableCount) {
            return false;
        }
        return Arrays.equals(ids, 0, fixedCount, other.ids, 0, fixedCount)
                && Arrays.equals(widths, 0, fixedCount, other.widths, 0, fixedCount)
                && Arrays.equals(values, 0, fixedCount, other.values, 0, fixedCount)
                && Arrays.equals(variableIds, 0, variableCount, other.variableIds, 0, variableCount)
                && variableValuesEqual(other);
    }

    private boolean variableValuesEqual(IoElements other) {
        for (int i = 0; i < variableCount; i++) {
            if (!Arrays.equals(variableValues[i], other.variableValues[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < fixedCount; i++) {
            h = 31 * h + ids[i];
            h = 31 * h + Long.hashCode(values[i]);
        }
        for (int i = 0; i < variableCount; i++) {
            h = 31 * h + variableIds[i];
            h = 31 * h + Arrays.hashCode(variableValues[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < fixedCount; i++) {
            sb.append(i == 0 ? "" : ", ").append(ids[i]).append('=').append(Long.toUnsignedString(values[i]));
        }
        for (int i = 0; i < variableCount; i++) {
            sb.append(fixedCount + i == 0 ? "" : ", ").append(variableIds[i]).append("=0x")
                    .append(java.util.HexFormat.of().formatHex(variableValues[i]));
        }
        return sb.append('}').toString();
    }

    /**
     * Elements in arrays the caller has just filled and hands over: no copy is made, so the caller
     * must not keep them. Every array is used to its full length. This is the parser's path; the
     * builder's copies are for callers whose arrays may change afterwards.
     */
    static IoElements adopt(int[] ids, byte[] widths, long[] values, int[] variableIds, byte[][] variableValues) {
        if (ids.length == 0 && variableIds.length == 0) {
            return EMPTY;
        }
        return new IoElements(ids, widths, values, ids.length, variableIds, variableValues, variableIds.length);
    }

    /** A builder sized for {@code expectedFixed} fixed-width elements; it grows past that. */
    public static Builder builder(int expectedFixed) {
        return new Builder(expectedFixed);
    }

    /** Collects elements in order; growable because device counts are only hints. */
    public static final class Builder {
        private int[] ids;
        private byte[] widths;
        private long[] values;
        private int fixedCount;
        private int[] variableIds;
        private byte[][] variableValues;
        private int variableCount;

        private Builder(int expectedFixed) {
            ids = new int[Math.max(expectedFixed, 1)];
            widths = new byte[ids.length];
            values = new long[ids.length];
        }

        /**
         * Appends a fixed-width element.
         *
         * @param width 1, 2, 4 or 8 bytes
         * @param value the unsigned value; bits above {@code width} bytes must be zero
         */
        public Builder add(int id, int width, long value) {
            if (width != 1 && width != 2 && width != 4 && width != 8) {
                throw new IllegalArgumentException("IO width must be 1, 2, 4 or 8 bytes, not " + width);
            }
            if (fixedCount == ids.length) {
                int capacity = ids.length * 2;
                ids = Arrays.copyOf(ids, capacity);
                widths = Arrays.copyOf(widths, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            ids[fixedCount] = id;
            widths[fixedCount] = (byte) width;
            values[fixedCount] = value;
            fixedCount++;
            return this;
        }

        /** Appends a variable-length element (Codec 8 Extended's NX group). */
        public Builder addVariable(int id, byte[] value) {
            if (variableIds == null) {
                variableIds = new int[4];
                variableValues = new byte[4][];
            } else if (variableCount == variableIds.length) {
                variableIds = Arrays.copyOf(variableIds, variableCount * 2);
                variableValues = Arrays.copyOf(variableValues, variableCount * 2);
            }
            variableIds[variableCount] = id;
            variableValues[variableCount] = value.clone();
            variableCount++;
            return this;
        }

        /** The elements collected so far. */
        public IoElements build() {
            if (fixedCount == 0 && variableCount == 0) {
                return EMPTY;
            }
            return new IoElements(ids, widths, values, fixedCount,
                    variableIds == null ? EMPTY.variableIds : variableIds,
                    variableValues == null ? EMPTY.variableValues : variableValues, variableCount);
        }
    }
}
