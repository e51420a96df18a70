package com.fleetlink.registry.command;

/**
 * Redis' clock as the dispatcher needs it: command times (created, expiry) are Redis' times, while
 * the ingestion that writes a command reads the pod's host clock.
 */
public interface RedisTime {
    /** Redis' time now, as best this host knows, in ms since the epoch. */
    long now();

    /**
     * The host's wall-clock time, in ms since the epoch, at which Redis' clock reads at most
     * {@code redisMillis}: the estimate of that moment moved earlier by the estimate's uncertainty, so
     * a deadline placed there never falls after the moment itself (while the wall clock does not step).
     */
    long hostMillisNoLaterThan(long redisMillis);
}
