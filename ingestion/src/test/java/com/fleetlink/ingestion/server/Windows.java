package com.fleetlink.ingestion.server;

import java.time.Duration;
import java.util.List;

/** Counts over moments, for the tests of pacing. */
final class Windows {
    private Windows() {
    }

    /** The most of {@code sorted} (nanosecond times, ascending) falling in any one {@code window}, sliding. */
    static int busiest(List<Long> sorted, Duration window) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= window.toNanos()) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }
}
