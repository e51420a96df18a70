package com.fleetlink.ingestion.teltonika;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The IO elements of one AVL record in the order the device sent them: fixed-width values (1, 2,
 * 4 or 8 bytes, read as unsigned) and, for Codec 8 Extended, variable-length values. Indexed
 * accessors rather than a map because the decoder runs for every record and most records are
 * never looked up by id.
 *
 * <p>Two forms behind one API, equal whenever their elements are: the parser's reads the elements
 * in place from the packet's bytes ({@link WireIoElements}), so that decoding a record costs no
 * copy of each value; the {@link Builder}'s holds arrays ({@link BuiltIoElements}) for records
 * made in code, whose elements need not come grouped by width as they do on the wire.
 */
public abstract sealed class IoElements permits BuiltIoElements, WireIoElements {
    /** A record without IO elements. */
    public static final IoElements EMPTY = new BuiltIoElements(new int[0], new byte[0], new long[0], 0,
            new int[0], new byte[0][], 0);

    IoElements() {
    }

    /** Number of fixed-width elements. */
    public abstract int fixedCount();

    /** The IO id of the {@code i}-th fixed-width element. */
    public abstract int id(int i);

    /** Width in bytes (1, 2, 4 or 8) of the {@code i}-th fixed-width element. */
    public abstract int width(int i);

    /**
     * The value of the {@code i}-th fixed-width element, unsigned: an 8-byte value above
     * {@link Long#MAX_VALUE} comes back negative, so print it with {@link Long#toUnsignedString}.
     */
    public abstract long value(int i);

    /** Number of variable-length (NX) elements. */
    public abstract int variableCount();

    /** The IO id of the {@code i}-th variable-length element. */
    public abstract int variableId(int i);

    /** A copy of the bytes of the {@code i}-th variable-length element. */
    public abstract byte[] variableValue(int i);

    /** The first fixed-width value with this id, or {@code null} when the record has none. */
    public Long valueOf(int id) {
        for (int i = 0; i < fixedCount(); i++) {
            if (id(i) == id) {
                return value(i);
            }
        }
        return null;
    }

    /** The first variable-length value with this id, or {@code null} when the record has none. */
    public byte[] variableValueOf(int id) {
        for (int i = 0; i < variableCount(); i++) {
            if (variableId(i) == id) {
                return variableValue(i);
            }
        }
        return null;
    }

    /** Total number of elements of both kinds. */
    public int size() {
        return fixedCount() + variableCount();
    }

    final void checkFixed(int i) {
        if (i < 0 || i >= fixedCount()) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    final void checkVariable(int i) {
        if (i < 0 || i >= variableCount()) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof IoElements other)) {
            return false;
        }
        if (fixedCount() != other.fixedCount() || variableCount() != other.variableCount()) {
            return false;
        }
        for (int i = 0; i < fixedCount(); i++) {
            if (id(i) != other.id(i) || width(i) != other.width(i) || value(i) != other.value(i)) {
                return false;
            }
        }
        for (int i = 0; i < variableCount(); i++) {
            if (variableId(i) != other.variableId(i) || !Arrays.equals(variableValue(i), other.variableValue(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final int hashCode() {
        int h = 1;
        for (int i = 0; i < fixedCount(); i++) {
            h = 31 * h + id(i);
            h = 31 * h + Long.hashCode(value(i));
        }
        for (int i = 0; i < variableCount(); i++) {
            h = 31 * h + variableId(i);
            h = 31 * h + Arrays.hashCode(variableValue(i));
        }
        return h;
    }

    @Override
    public final String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < fixedCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(id(i)).append('=').append(Long.toUnsignedString(value(i)));
        }
        for (int i = 0; i < variableCount(); i++) {
            sb.append(fixedCount() + i == 0 ? "" : ", ").append(variableId(i)).append("=0x")
                    .append(HexFormat.of().formatHex(variableValue(i)));
        }
        return sb.append('}').toString();
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
            return new BuiltIoElements(ids, widths, values, fixedCount,
                    variableIds == null ? new int[0] : variableIds,
                    variableValues == null ? new byte[0][] : variableValues, variableCount);
        }
    }
}
