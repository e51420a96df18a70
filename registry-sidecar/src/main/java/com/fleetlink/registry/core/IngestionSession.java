package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;

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
    /** The snapshot being assembled, one row per IMEI (a later chunk's row wins); see {@link #snapshotChunk}. */
    private ImeiTable incoming;
    /**
     * On probation: what the session's events say, in the order the IMEIs were first told; a row
     * flagged {@link ImeiTable#GONE} is a close.
     */
    private ImeiTable withheld = new ImeiTable();
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
     * {@code null}. A chunk of another snapshot starts over. The rows of the complete snapshot hold
     * each device's {@code conn}, and its {@link HeldDevice#at()} in the {@code since} column: the
     * caller turns them into held-set entries in place.
     */
    ImeiTable snapshotChunk(Snapshot chunk) {
        if (!chunk.snap().equals(snapId)) {
            snapId = chunk.snap();
            incoming = new ImeiTable();
        }
        for (HeldDevice d : chunk.imeis()) {
            incoming.put(PackedImei.pack(d.imei()), d.conn(), RedisClock.UNKNOWN, d.at(), (byte) 0);
        }
        if (!chunk.last()) {
            return null;
        }
        ImeiTable complete = incoming;
        snapId = null;
        incoming = null;
        return complete;
    }

    /** On probation: a register ({@code entry}) or unregister ({@code null}) of {@code imei}, kept back. */
    void withhold(String imei, HeldSet.Entry entry) {
        long key = PackedImei.pack(imei);
        if (entry == null) {
            withheld.put(key, 0, RedisClock.UNKNOWN, 0, ImeiTable.GONE);
        } else {
            entry.putInto(withheld, key);
        }
    }

    /** On probation: the held set this session will replace ours with, as far as a snapshot said; taken over, not copied. */
    void withholdSnapshot(ImeiTable snapshot) {
        withheld = snapshot;
        withheldIsComplete = true;
    }

    /** The current entry of {@code imei} as a withheld event would leave it, for unregister matching; {@code null} for a close. */
    HeldSet.Entry withheldEntry(String imei) {
        int row = withheld.find(PackedImei.pack(imei));
        return row < 0 || (withheld.flags(row) & ImeiTable.GONE) != 0 ? null : HeldSet.Entry.of(withheld, row);
    }

    boolean withheldContains(String imei) {
        return withheld.find(PackedImei.pack(imei)) >= 0;
    }

    /** Ends probation; returns what was withheld and whether it replaces the held set. */
    Withheld prove() {
        probation = false;
        Withheld w = new Withheld(withheld, withheldIsComplete);
        withheld = new ImeiTable();
        return w;
    }

    /**
     * What a session on probation said before its first pong.
     *
     * @param entries  one row per IMEI told, in the order first told; {@link ImeiTable#GONE} rows are closes
     * @param complete whether a complete snapshot was among them, so the rows replace the held set
     */
    record Withheld(ImeiTable entries, boolean complete) {
    }
}
