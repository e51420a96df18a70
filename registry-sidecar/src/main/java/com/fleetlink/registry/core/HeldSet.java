package com.fleetlink.registry.core;

import com.fleetlink.registry.command.HeldSockets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the attached ingestion holds: IMEI → the socket ({@code conn}) that holds it. At most one
 * entry per IMEI, so memory is bounded by the fleet, whatever happens to Redis. Confined to the
 * core event loop.
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
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private boolean complete;

    /** The entry of {@code imei}, or {@code null}. */
    public Entry get(String imei) {
        return entries.get(imei);
    }

    @Override
    public long connOf(String imei) {
        Entry entry = entries.get(imei);
        return entry == null ? NOT_HELD : entry.conn();
    }

    /** Whether {@code imei} is held. */
    public boolean contains(String imei) {
        return entries.containsKey(imei);
    }

    void put(String imei, Entry entry) {
        entries.put(imei, entry);
    }

    /** Removes {@code imei} only if {@code conn} is the socket that holds it; true when removed. */
    boolean remove(String imei, long conn) {
        Entry entry = entries.get(imei);
        if (entry == null || entry.conn() != conn) {
            return false;
        }
        entries.remove(imei);
        return true;
    }

    void remove(String imei) {
        entries.remove(imei);
    }

    /** Marks a fresh registration as written, if the same socket still holds the device. */
    void written(String imei, long conn) {
        Entry entry = entries.get(imei);
        if (entry != null && entry.conn() == conn && entry.fresh()) {
            entries.put(imei, new Entry(conn, entry.atNanos(), false, entry.since()));
        }
    }

    /** Removes every entry and returns their IMEIs. */
    List<String> clear() {
        List<String> all = List.copyOf(entries.keySet());
        entries.clear();
        return all;
    }

    /** The held IMEIs (a live view; copy before mutating the set). */
    public Set<String> imeis() {
        return entries.keySet();
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
}
