package com.fleetlink.bench.chaos;

import java.time.Instant;

/**
 * Microseconds since the epoch from the system clock: the clock Redis stamps {@code MONITOR} lines
 * with on the same machine, so a device's moments and Redis' command times can be compared.
 */
final class WallClock {
    private WallClock() {
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
