package com.fleetlink.registry.core;

import java.util.Arrays;

/**
 * Rows keyed by packed IMEI ({@link PackedImei}), each a socket id, two times and a few flag bits,
 * in parallel primitive arrays: about 45 bytes a row where a {@code HashMap<String, record>} takes
 * about 140, which is most of the sidecar's heap at 100,000 held devices.
 *
 * <p>Rows are dense, positions {@code 0 .. size()-1}, in the order their keys were first added as
 * long as nothing is removed; removing a row moves the last row into its place. An open-addressing
 * index (linear probing, backward-shift deletion so there are no tombstones) maps a key to its
 * position. Not thread-safe: each owner confines it to the core loop.
 */
final class ImeiTable {
    /** Flag: a fresh registration, not written yet. */
    static final byte FRESH = 1;
    /** Flag: the row says the device is gone (a withheld unregister). */
    static final byte GONE = 2;

    private static final int MIN_ROWS = 16;
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private long[] conns;
    private long[] atNanos;
    private long[] sinces;
    private byte[] flags;
    /** Position + 1 of the row whose key probes to here, 0 for an empty slot; at most half full. */
    private int[] index;
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
        int mask = index.length - 1;
        for (int slot = home(key, mask); ; slot = (slot + 1) & mask) {
            int row = index[slot] - 1;
            if (row < 0 || keys[row] == key) {
                return row;
            }
        }
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
        unlink(key);
        int last = size - 1;
        if (row != last) {
            relink(keys[last], row);
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
            reindex(index.length);
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
        index = new int[2 * MIN_ROWS];
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
        if (2 * size > index.length) {
            reindex(2 * index.length);
        } else {
            link(key, row);
        }
        return row;
    }

    private void reindex(int slots) {
        index = new int[slots];
        for (int row = 0; row < size; row++) {
            link(keys[row], row);
        }
    }

    private void link(long key, int row) {
        int mask = index.length - 1;
        int slot = home(key, mask);
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = row + 1;
    }

    /** Points {@code key}'s slot at {@code row} (its row moved). */
    private void relink(long key, int row) {
        index[slotOf(key)] = row + 1;
    }

    /** Empties {@code key}'s slot and shifts back the slots after it that would no longer be found. */
    private void unlink(long key) {
        int mask = index.length - 1;
        int hole = slotOf(key);
        for (int slot = (hole + 1) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
            int wanted = home(keys[index[slot] - 1], mask);
            // The slot's key may move into the hole only if its probe passes the hole on the way here.
            boolean passesHole = hole <= slot ? wanted <= hole || wanted > slot : wanted <= hole && wanted > slot;
            if (passesHole) {
                index[hole] = index[slot];
                hole = slot;
            }
        }
        index[hole] = 0;
    }

    private int slotOf(long key) {
        int mask = index.length - 1;
        int slot = home(key, mask);
        while (keys[index[slot] - 1] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(long key, int mask) {
        long h = key * MIX;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
