package com.fleetlink.registry.janitor;

import com.fleetlink.registry.core.SidecarOptions;
import java.time.Duration;

/**
 * The janitor's settings (design §8), checked when built. How long a heartbeat must stay absent is
 * {@link SidecarOptions#deathConfirm()}, shared with repairs.
 *
 * @param interval      time between sweeps; zero turns the janitor off
 * @param maxDeletes    deletes per second at most; zero for no limit
 * @param breakerHold   how long the same majority must stay dead, with Redis and this sidecar's own
 *                      heartbeat answering, before the breaker lets it be cleaned
 * @param dryRun        classify and count, delete nothing
 * @param lease         sweep only while holding the shared lease (one sweeper at a time, for cost);
 *                      off only where a test proves that correctness does not depend on it
 */
public record JanitorOptions(Duration interval, int maxDeletes, Duration breakerHold, boolean dryRun, boolean lease) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_DELETES = 5000;
    public static final Duration DEFAULT_BREAKER_HOLD = Duration.ofMinutes(10);
    /** No janitor. */
    public static final JanitorOptions OFF = new JanitorOptions(Duration.ZERO, DEFAULT_MAX_DELETES, DEFAULT_BREAKER_HOLD,
            false, true);

    public JanitorOptions {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("--janitor-interval must not be negative");
        }
        if (maxDeletes < 0) {
            throw new IllegalArgumentException("--janitor-max-deletes must not be negative (0 for no limit)");
        }
        if (breakerHold == null || breakerHold.isZero() || breakerHold.isNegative()) {
            throw new IllegalArgumentException("--janitor-breaker-hold must be positive");
        }
    }

    /** Every default. */
    public static JanitorOptions defaults() {
        return new JanitorOptions(DEFAULT_INTERVAL, DEFAULT_MAX_DELETES, DEFAULT_BREAKER_HOLD, false, true);
    }

    /**
     * The interval when none is given: {@link #DEFAULT_INTERVAL}, or a third of the heartbeat TTL when
     * that is shorter, so a short TTL chosen alone still leaves the janitor able to confirm a death.
     */
    public static Duration defaultInterval(Duration heartbeatTtl) {
        Duration third = heartbeatTtl.dividedBy(3);
        return third.compareTo(DEFAULT_INTERVAL) < 0 ? third : DEFAULT_INTERVAL;
    }

    /** Whether the janitor runs at all. */
    public boolean enabled() {
        return !interval.isZero();
    }

    /**
     * Refuses settings under which no death could ever be confirmed: looks further apart than the
     * heartbeat TTL prove nothing about the time between them, so sweeps must come more often.
     */
    public void checkAgainst(SidecarOptions sidecar) {
        if (enabled() && interval.compareTo(sidecar.heartbeatTtl()) >= 0) {
            throw new IllegalArgumentException("--janitor-interval (" + interval.toMillis()
                    + " ms) must be shorter than --heartbeat-ttl (" + sidecar.heartbeatTtl().toMillis()
                    + " ms): looks further apart than a heartbeat's life confirm no death");
        }
    }
}
