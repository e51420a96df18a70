package com.fleetlink.registry.core;

import java.util.Arrays;

/**
 * An insertion-ordered set of packed IMEIs ({@link PackedImei}) in one {@code long} array and a
 * {@link PositionIndex}: about 16 bytes a key at its largest, where a {@code LinkedHashSet<String>}
 * takes about 110 with the String. The writer queues every held device in one during a snapshot or a
 * re-assert, which at 100,000 held devices is what decided the sidecar's heap cap.
 *
 * <p>Keys sit at positions {@code head .. tail-1} in the order they were added; adding a key that is
 * there already leaves it where it is. Removing one leaves a hole that iteration skips; adding at a
 * full array first closes the holes, and an emptied queue gives its arrays back. Positions are
 * stable between two adds, so a caller may walk with {@link #next} and {@link #removeAt} as long as
 * it adds nothing meanwhile. Not thread-safe: its owner confines it to the core loop.
 */
final class ImeiQueue {
    private static final int MIN_KEYS = 16;
    /** A removed key's position; no IMEI packs to it. */
    private static final long HOLE = PackedImei.NONE;

    private long[] order;
    private final PositionIndex index = new PositionIndex(position -> order[position], 2 * MIN_KEYS);
    private int head;
    private int tail;
    private int size;

    ImeiQueue() {
        allocate();
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(long key) {
        return index.find(key) >= 0;
    }

    /** Adds {@code key} at the end unless it is there; true when added. */
    boolean add(long key) {
        if (index.find(key) >= 0) {
            return false;
        }
        if (tail == order.length) {
            makeRoom();
        }
        int position = tail++;
        order[position] = key;
        size++;
        if (2 * size > index.slots()) {
            reindex(2 * index.slots());
        } else {
            index.link(key, position);
        }
        return true;
    }

    /** Removes {@code key}; true when it was there. */
    boolean remove(long key) {
        int position = index.find(key);
        if (position < 0) {
            return false;
        }
        removeAt(position);
        return true;
    }

    /** The first position at or after {@code from} that holds a key, or -1; {@code next(-1)} is the first key's. */
    int next(int from) {
        for (int position = Math.max(from, head); position < tail; position++) {
            if (order[position] != HOLE) {
                return position;
            }
        }
        return -1;
    }

    /** The key at {@code position}, which {@link #next} gave. */
    long keyAt(int position) {
        return order[position];
    }

    /** Removes the key at {@code position}, which {@link #next} gave. */
    void removeAt(int position) {
        index.unlink(order[position]);
        order[position] = HOLE;
        size--;
        if (size == 0) {
            empty();
            return;
        }
        while (order[head] == HOLE) {
            head++;
        }
    }

    private void allocate() {
        order = new long[MIN_KEYS];
        index.reset(2 * MIN_KEYS);
    }

    /** Starts over at the front; a queue that took in a snapshot gives its arrays back. */
    private void empty() {
        head = 0;
        tail = 0;
        if (order.length > MIN_KEYS) {
            allocate();
        }
    }

    /** Closes the holes, and grows by half when that frees less than a quarter of the array. */
    private void makeRoom() {
        int kept = 0;
        for (int position = head; position < tail; position++) {
            if (order[position] != HOLE) {
                order[kept++] = order[position];
            }
        }
        head = 0;
        tail = kept;
        if (4 * kept > 3 * order.length) {
            order = Arrays.copyOf(order, order.length + (order.length >> 1));
        }
        reindex(index.slots());
    }

    private void reindex(int slots) {
        index.reset(slots);
        for (int position = head; position < tail; position++) {
            if (order[position] != HOLE) {
                index.link(order[position], position);
            }
        }
    }
}
