package com.fleetlink.registry.core;

import java.util.Arrays;

/**
 * Rows keyed by packed IMEI ({@link PackedImei}), each a socket id, two times and a few flag bits,
 * in parallel primitive arrays: about 45 bytes a row where a {@code HashMap<String, record>} takes
 * about 140, which is most of the sidecar's heap at 100,000 held devices.
 *
 * <p>Rows are dense, positions {@code 0 .. size()-1}, in the order their keys were first added as
 * long as nothing is removed; removing a row moves the last row into its place. A
 * {@link PositionIndex} maps a key to its position. Not thread-safe: each owner confines it to the
 * core loop.
 */
final class ImeiTable {
    /** Flag: a fresh registration, not written yet. */
    static final byte FRESH = 1;
    /** Flag: the row says the device is gone (a withheld unregister). */
    static final byte GONE = 2;

    private static final int MIN_ROWS = 16;

    private long[] keys;
    private long[] conns;
    private long[] atNanos;
    private long[] sinces;
    private byte[] flags;
    private final PositionIndex index = new PositionIndex(row -> keys[row], 2 * MIN_ROWS);
    private int size;
    private int modifications;

    ImeiTable() {
        allocate();
    }

    /** How many rows there are. */
    int size() {
        return size;
    }

    /** Incremented by every change of which rows exist, so iterations can detect one. */
    int modifications() {
        return modifications;
    }

    /** The position of {@code key}'s row, or -1. */
    int find(long key) {
        return index.find(key);
    }

    /** Sets {@code key}'s row, adding it at the end when there is none; returns its position. */
    int put(long key, long conn, long atNanos, long since, byte flags) {
        int row = find(key);
        if (row < 0) {
            row = append(key);
        }
        set(row, conn, atNanos, since, flags);
        return row;
    }

    /** Overwrites the values of the row at {@code row}. */
    void set(int row, long conn, long atNanos, long since, byte flags) {
        conns[row] = conn;
        this.atNanos[row] = atNanos;
        sinces[row] = since;
        this.flags[row] = flags;
    }

    /** Removes {@code key}'s row, moving the last row into its place; false when there was none. */
    boolean remove(long key) {
        int row = find(key);
        if (row < 0) {
            return false;
        }
        index.unlink(key);
        int last = size - 1;
        if (row != last) {
            index.relink(keys[last], row);
            keys[row] = keys[last];
            set(row, conns[last], atNanos[last], sinces[last], flags[last]);
        }
        size--;
        modifications++;
        return true;
    }

    /** Removes every row whose flags include {@code flag}, keeping the others in their order. */
    void removeFlagged(byte flag) {
        int kept = 0;
        for (int row = 0; row < size; row++) {
            if ((flags[row] & flag) == 0) {
                keys[kept] = keys[row];
                set(kept, conns[row], atNanos[row], sinces[row], flags[row]);
                kept++;
            }
        }
        if (kept != size) {
            size = kept;
            modifications++;
            reindex(index.slots());
        }
    }

    /** Removes every row and gives the arrays back: a table that held a snapshot should not keep its size. */
    void clear() {
        size = 0;
        modifications++;
        allocate();
    }

    long key(int row) {
        return keys[row];
    }

    long conn(int row) {
        return conns[row];
    }

    long atNanos(int row) {
        return atNanos[row];
    }

    long since(int row) {
        return sinces[row];
    }

    byte flags(int row) {
        return flags[row];
    }

    private void allocate() {
        keys = new long[MIN_ROWS];
        conns = new long[MIN_ROWS];
        atNanos = new long[MIN_ROWS];
        sinces = new long[MIN_ROWS];
        flags = new byte[MIN_ROWS];
        index.reset(2 * MIN_ROWS);
    }

    private int append(long key) {
        if (size == keys.length) {
            // 1.5x: a 100,000-device snapshot grows through here, and doubling would leave up to half unused.
            int rows = keys.length + (keys.length >> 1);
            keys = Arrays.copyOf(keys, rows);
            conns = Arrays.copyOf(conns, rows);
            atNanos = Arrays.copyOf(atNanos, rows);
            sinces = Arrays.copyOf(sinces, rows);
            flags = Arrays.copyOf(flags, rows);
        }
        int row = size++;
        keys[row] = key;
        modifications++;
        if (2 * size > index.slots()) {
            reindex(2 * index.slots());
        } else {
            index.link(key, row);
        }
        return row;
    }

    private void reindex(int slots) {
        index.reset(slots);
        for (int row = 0; row < size; row++) {
            index.link(keys[row], row);
        }
    }
}
