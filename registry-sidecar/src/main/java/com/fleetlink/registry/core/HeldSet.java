package com.fleetlink.registry.core;

import com.fleetlink.registry.command.HeldSockets;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What the attached ingestion holds: IMEI → the socket ({@code conn}) that holds it. At most one
 * entry per IMEI, so memory is bounded by the fleet, whatever happens to Redis. Kept as an
 * {@link ImeiTable} keyed by packed IMEI, since at 100,000 held devices this set is most of the
 * sidecar's heap. Confined to the core event loop.
 */
public final class HeldSet implements HeldSockets {

    /**
     * One held device.
     *
     * @param conn  the ingestion's socket id
     * @param atNanos when its handshake was decided, on this host's monotonic clock, or
     *              {@link RedisClock#UNKNOWN} (a snapshot entry without it); placed on Redis' clock when written
     * @param fresh the handshake is not written yet and may overwrite an older decision; otherwise only repairs
     * @param since wall-clock ms since which this socket holds the device: its handshake, or when a
     *              snapshot first told us (for {@code status --imei})
     */
    public record Entry(long conn, long atNanos, boolean fresh, long since) {
        /** The entry of {@code table}'s row {@code row}. */
        static Entry of(ImeiTable table, int row) {
            return new Entry(table.conn(row), table.atNanos(row), (table.flags(row) & ImeiTable.FRESH) != 0, table.since(row));
        }

        /** Sets {@code key}'s row of {@code table} to this entry. */
        void putInto(ImeiTable table, long key) {
            table.put(key, conn, atNanos, since, fresh ? ImeiTable.FRESH : 0);
        }
    }

    private ImeiTable entries = new ImeiTable();
    private final Set<String> imeis = new ImeiView();
    private boolean complete;

    /** The entry of {@code imei}, or {@code null}. */
    public Entry get(String imei) {
        int row = entries.find(PackedImei.pack(imei));
        return row < 0 ? null : Entry.of(entries, row);
    }

    @Override
    public long connOf(String imei) {
        int row = entries.find(PackedImei.pack(imei));
        return row < 0 ? NOT_HELD : entries.conn(row);
    }

    /** Whether {@code imei} is held. */
    public boolean contains(String imei) {
        return entries.find(PackedImei.pack(imei)) >= 0;
    }

    /** Holds {@code imei}, which must be an IMEI (the protocol lets no other string in). */
    void put(String imei, Entry entry) {
        long key = PackedImei.pack(imei);
        if (key == PackedImei.NONE) {
            throw new IllegalArgumentException("not an IMEI: " + imei);
        }
        entry.putInto(entries, key);
    }

    /** Removes {@code imei} only if {@code conn} is the socket that holds it; true when removed. */
    boolean remove(String imei, long conn) {
        long key = PackedImei.pack(imei);
        int row = entries.find(key);
        return row >= 0 && entries.conn(row) == conn && entries.remove(key);
    }

    void remove(String imei) {
        entries.remove(PackedImei.pack(imei));
    }

    /** Marks a fresh registration as written, if the same socket still holds the device. */
    void written(String imei, long conn) {
        int row = entries.find(PackedImei.pack(imei));
        if (row >= 0 && entries.conn(row) == conn && (entries.flags(row) & ImeiTable.FRESH) != 0) {
            entries.set(row, conn, entries.atNanos(row), entries.since(row), (byte) 0);
        }
    }

    /**
     * Makes this set equal to {@code incoming} (a complete snapshot): drops what it does not list and
     * takes each of its rows whose socket differs from ours, keeping our entry where the socket is the
     * same. Then tells {@code changed} of each IMEI it dropped, and of each it took, in that order,
     * with the set already in its new state. The set takes {@code incoming} over rather than copying it
     * (at 100,000 devices a copy is what would decide the heap cap); the caller must not use it again.
     */
    void replaceWith(ImeiTable incoming, Consumer<String> changed) {
        List<Long> dropped = new ArrayList<>();
        for (int row = 0; row < entries.size(); row++) {
            if (incoming.find(entries.key(row)) < 0) {
                dropped.add(entries.key(row));
            }
        }
        BitSet taken = new BitSet(incoming.size());
        for (int row = 0; row < incoming.size(); row++) {
            int current = entries.find(incoming.key(row));
            if (current >= 0 && entries.conn(current) == incoming.conn(row)) {
                incoming.set(row, entries.conn(current), entries.atNanos(current), entries.since(current), entries.flags(current));
            } else {
                taken.set(row);
            }
        }
        entries = incoming;
        dropped.forEach(key -> changed.accept(PackedImei.unpack(key)));
        taken.stream().forEach(row -> changed.accept(PackedImei.unpack(incoming.key(row))));
    }

    /** Removes every entry and returns their IMEIs. */
    List<String> clear() {
        List<String> all = List.copyOf(imeis);
        entries.clear();
        return all;
    }

    /** Tells {@code action} each held device's packed IMEI ({@link PackedImei}), without making its String. */
    void forEachKey(LongConsumer action) {
        for (int row = 0; row < entries.size(); row++) {
            action.accept(entries.key(row));
        }
    }

    /** The held IMEIs (a live view; copy before mutating the set). */
    public Set<String> imeis() {
        return imeis;
    }

    /** How many devices are held. */
    public int size() {
        return entries.size();
    }

    /**
     * Whether the set is known to be the whole truth: after a full snapshot, or after the grace
     * period passed with no ingestion. Only then may reconcile delete entries naming us that are not
     * held (invariant 7).
     */
    public boolean isComplete() {
        return complete;
    }

    void setComplete(boolean complete) {
        this.complete = complete;
    }

    /** The IMEIs, unpacked one at a time as they are iterated. */
    private final class ImeiView extends AbstractSet<String> {
        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String imei && HeldSet.this.contains(imei);
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private final ImeiTable table = entries;
                private final int expected = table.modifications();
                private int row;

                @Override
                public boolean hasNext() {
                    return row < table.size();
                }

                @Override
                public String next() {
                    if (entries != table || table.modifications() != expected) {
                        throw new ConcurrentModificationException();
                    }
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return PackedImei.unpack(table.key(row++));
                }
            };
        }
    }
}
