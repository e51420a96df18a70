package com.fleetlink.registry.core;

/**
 * An open-addressing index from a {@code long} key to the position of its row in its owner's
 * arrays: linear probing, backward-shift deletion so there are no tombstones. It stores positions
 * only (4 bytes a slot, at most half full) and reads a key back through {@link Keys}, so the packed
 * tables that use it keep each key once. Not thread-safe: its owner confines it.
 */
final class PositionIndex {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    /** The key at a position of the owner's rows. */
    @FunctionalInterface
    interface Keys {
        long keyAt(int position);
    }

    private final Keys keys;
    /** Position + 1 of the row whose key probes to here, 0 for an empty slot. */
    private int[] slots;

    PositionIndex(Keys keys, int slots) {
        this.keys = keys;
        this.slots = new int[slots];
    }

    /** How many slots there are: the owner keeps its rows at most half of it. */
    int slots() {
        return slots.length;
    }

    /** The position of {@code key}'s row, or -1. */
    int find(long key) {
        int mask = slots.length - 1;
        for (int slot = home(key, mask); ; slot = (slot + 1) & mask) {
            int position = slots[slot] - 1;
            if (position < 0 || keys.keyAt(position) == key) {
                return position;
            }
        }
    }

    /** Empties the index and sizes it to {@code slots} (a power of two); the owner links its rows again. */
    void reset(int slots) {
        this.slots = new int[slots];
    }

    /** Adds {@code key}, which is not in the index, at {@code position}. */
    void link(long key, int position) {
        int mask = slots.length - 1;
        int slot = home(key, mask);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = position + 1;
    }

    /** Points {@code key}'s slot at {@code position} (its row moved); the key at its old position must still be {@code key}. */
    void relink(long key, int position) {
        slots[slotOf(key)] = position + 1;
    }

    /** Removes {@code key}, which its row must still hold, and shifts back the slots after it that would no longer be found. */
    void unlink(long key) {
        int mask = slots.length - 1;
        int hole = slotOf(key);
        for (int slot = (hole + 1) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int wanted = home(keys.keyAt(slots[slot] - 1), mask);
            // The slot's key may move into the hole only if its probe passes the hole on the way here.
            boolean passesHole = hole <= slot ? wanted <= hole || wanted > slot : wanted <= hole && wanted > slot;
            if (passesHole) {
                slots[hole] = slots[slot];
                hole = slot;
            }
        }
        slots[hole] = 0;
    }

    private int slotOf(long key) {
        int mask = slots.length - 1;
        int slot = home(key, mask);
        while (keys.keyAt(slots[slot] - 1) != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(long key, int mask) {
        long h = key * MIX;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
