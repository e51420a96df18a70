package com.fleetlink.registry.janitor;

import java.time.Duration;
import java.util.Set;

/**
 * The janitor's breaker (design §8): when more than half of the instances named in the registry,
 * and at least two, look dead in one sweep, that is an outage of Redis or of clocks rather than of
 * the fleet, and the sweep deletes nothing. It decides afresh every sweep, with no cool-down. The
 * one way past it: the same instances stayed dead for the hold period, on consecutive sweeps whose
 * looks Redis all answered, with this sidecar's own heartbeat standing on every one; then they are
 * truly gone. Times are Redis' {@code TIME}, so a host clock step moves nothing. Confined to the core loop.
 */
final class Breaker {
    private final long holdMillis;
    private final long maxGapMillis;
    private Set<String> held = Set.of();
    private long heldSinceMillis;
    private long lastMillis;

    /**
     * @param hold   how long the same majority must stay dead before it is cleaned
     * @param maxGap sweeps further apart than this (the heartbeat TTL) do not continue a hold: a
     *               heartbeat could have come and gone between them unseen
     */
    Breaker(Duration hold, Duration maxGap) {
        this.holdMillis = hold.toMillis();
        this.maxGapMillis = maxGap.toMillis();
    }

    /** What one sweep may do. */
    enum Decision {
        /** Few enough look dead: delete the confirmed dead. */
        CLOSED,
        /** Too many look dead: delete nothing. */
        TRIPPED,
        /** Too many look dead, but the same ones for the whole hold period: delete the confirmed dead. */
        HELD_OUT
    }

    /**
     * Judges one sweep whose looks Redis all answered.
     *
     * @param named      instances named in the registry, this one included
     * @param absent     those whose heartbeat was absent on this sweep's look
     * @param ownPresent this sidecar's own heartbeat was there
     * @param redisMillis Redis' time of this sweep's looks
     */
    Decision judge(Set<String> named, Set<String> absent, boolean ownPresent, long redisMillis) {
        boolean tripped = absent.size() >= 2 && absent.size() * 2 > named.size();
        if (!tripped) {
            reset();
            return Decision.CLOSED;
        }
        boolean continues = ownPresent && !held.isEmpty() && held.equals(absent)
                && redisMillis >= lastMillis && redisMillis - lastMillis <= maxGapMillis;
        if (!continues) {
            held = ownPresent ? Set.copyOf(absent) : Set.of();
            heldSinceMillis = redisMillis;
        }
        lastMillis = redisMillis;
        return continues && redisMillis - heldSinceMillis >= holdMillis ? Decision.HELD_OUT : Decision.TRIPPED;
    }

    /** A sweep failed or was skipped: a hold must start again. */
    void reset() {
        held = Set.of();
    }

    /** Redis ms since the current hold started, or -1 without one. */
    long heldForMillis() {
        return held.isEmpty() ? -1 : lastMillis - heldSinceMillis;
    }
}
