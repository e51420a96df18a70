package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ingestion session's protocol state: sequence numbers, the snapshot being assembled, pings,
 * and — while the session is on probation (design §4 rule 10) — what it told us, kept here instead
 * of in the held set until it answers a ping. Bounded by the fleet: one entry per IMEI. Owned by
 * {@link SidecarCore} on the core loop.
 */
final class IngestionSession {
    final IngestionPeer peer;
    final String boot;
    final long attachedAt;
    private boolean probation;
    boolean shutdownRequested;
    long lastSeq = -1;
    long events;
    long pings;
    long lastPongNanos;
    private String snapId;
    private Map<String, HeldDevice> incoming;
    /** On probation: what the session's events say, IMEI → entry, or {@code null} for a close. */
    private final Map<String, HeldSet.Entry> withheld = new LinkedHashMap<>();
    /** On probation: a complete snapshot arrived, so {@link #withheld} replaces the held set. */
    private boolean withheldIsComplete;

    IngestionSession(IngestionPeer peer, String boot, long attachedAt, boolean probation, long nowNanos) {
        this.peer = peer;
        this.boot = boot;
        this.attachedAt = attachedAt;
        this.probation = probation;
        this.lastPongNanos = nowNanos;
    }

    boolean onProbation() {
        return probation;
    }

    /**
     * Adds a snapshot chunk; returns the complete snapshot when {@code chunk} was its last, else
     * {@code null}. A chunk of another snapshot starts over.
     */
    Map<String, HeldDevice> snapshotChunk(Snapshot chunk) {
        if (!chunk.snap().equals(snapId)) {
            snapId = chunk.snap();
            incoming = new HashMap<>();
        }
        for (HeldDevice d : chunk.imeis()) {
            incoming.put(d.imei(), d);
        }
        if (!chunk.last()) {
            return null;
        }
        Map<String, HeldDevice> complete = incoming;
        snapId = null;
        incoming = null;
        return complete;
    }

    /** On probation: a register ({@code entry}) or unregister ({@code null}) of {@code imei}, kept back. */
    void withhold(String imei, HeldSet.Entry entry) {
        withheld.put(imei, entry);
    }

    /** On probation: the held set this session will replace ours with, as far as a snapshot said. */
    void withholdSnapshot(Map<String, HeldSet.Entry> snapshot) {
        withheld.clear();
        withheld.putAll(snapshot);
        withheldIsComplete = true;
    }

    /** The current entry of {@code imei} as a withheld event would leave it, for unregister matching. */
    HeldSet.Entry withheldEntry(String imei) {
        return withheld.get(imei);
    }

    boolean withheldContains(String imei) {
        return withheld.containsKey(imei);
    }

    /** Ends probation; returns what was withheld and whether it replaces the held set. */
    Withheld prove() {
        probation = false;
        Withheld w = new Withheld(new LinkedHashMap<>(withheld), withheldIsComplete);
        withheld.clear();
        return w;
    }

    /** What a session on probation said before its first pong. */
    record Withheld(Map<String, HeldSet.Entry> entries, boolean complete) {
    }
}
