package com.fleetlink.registry.core;

import com.fleetlink.registry.command.RedisTime;
import com.fleetlink.registry.store.Registration;

/**
 * This host's estimate of Redis' clock (design §4 rule 4). A measurement pairs Redis' {@code TIME}
 * with the midpoint of its round trip on the monotonic clock; between measurements time advances
 * on the monotonic clock, so a step of the host's wall clock changes nothing until it is measured.
 * Measured on every connect and at every heartbeat. Written on the core loop, read anywhere.
 */
public final class RedisClock implements RedisTime {
    /**
     * How far ahead of our wall clock an ingestion's stamp may be and still count as "just now": the
     * two processes read the same clock, so only a millisecond boundary or a slew separates them;
     * anything further ahead means a backward step hid the stamp's age.
     */
    static final long STAMP_JITTER_MILLIS = 50;
    /** A moment nobody can place. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final CoreLoop loop;
    private volatile Base base;
    private volatile boolean measured;

    /** Until the first measurement, Redis' clock is taken to be this host's. */
    public RedisClock(CoreLoop loop) {
        this.loop = loop;
        this.base = new Base(loop.currentTimeMillis(), loop.nanoTime(), 0);
    }

    /** @param uncertaintyMillis how far Redis' clock may be ahead of this estimate (none before a measurement) */
    private record Base(long redisMillis, long nanos, long uncertaintyMillis) {
    }

    /** Redis' time now, as best this host knows, in ms since the epoch. */
    @Override
    public long now() {
        return redisNow(base);
    }

    private long redisNow(Base b) {
        return b.redisMillis + (loop.nanoTime() - b.nanos) / 1_000_000;
    }

    /**
     * When, on this host's monotonic clock, an event happened that its wall clock stamped
     * {@code wallMillis}: now minus the event's age by that same wall clock. {@link #UNKNOWN} for a
     * stamp further ahead of the wall clock than {@link #STAMP_JITTER_MILLIS}, whose age a backward
     * step has hidden. Kept on the monotonic clock, a decision is placed on Redis' clock only when it
     * is written ({@link #toRedis(long)}), with the best measurement there is by then.
     */
    public long decisionNanos(long wallMillis) {
        long age = loop.currentTimeMillis() - wallMillis;
        if (age < -STAMP_JITTER_MILLIS) {
            return UNKNOWN;
        }
        return loop.nanoTime() - Math.max(0, age) * 1_000_000;
    }

    /**
     * Redis' time of a moment on this host's monotonic clock, or
     * {@link Registration#UNKNOWN_AT} before the first measurement (this host's skew would be taken
     * for Redis' time) or for an {@link #UNKNOWN} moment.
     */
    public long toRedis(long nanos) {
        if (!measured || nanos == UNKNOWN) {
            return Registration.UNKNOWN_AT;
        }
        Base b = base;
        return b.redisMillis + Math.floorDiv(nanos - b.nanos, 1_000_000);
    }

    /** Redis minus this host's wall clock, in ms (for logs and status). */
    public long offsetMillis() {
        return now() - loop.currentTimeMillis();
    }

    @Override
    public long hostMillisNoLaterThan(long redisMillis) {
        Base b = base;
        return loop.currentTimeMillis() + (redisMillis - redisNow(b)) - b.uncertaintyMillis;
    }

    /**
     * Records a {@code TIME} answer of {@code redisMillis} to a request sent at monotonic
     * {@code sentNanos} and answered now.
     */
    public void measured(long redisMillis, long sentNanos) {
        long halfTrip = (loop.nanoTime() - sentNanos) / 2;
        // Redis answered somewhere in the round trip; TIME and the time since, both cut to the ms, add 1 ms each.
        long uncertainty = (halfTrip + 999_999) / 1_000_000 + 2;
        base = new Base(redisMillis, sentNanos + halfTrip, uncertainty);
        measured = true;
    }
}
