package com.fleetlink.systemtests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** ACK latencies of one phase of a test, with the few figures a report needs. */
public final class LatencyStats {
    private final String phase;
    private final List<Long> nanos = new ArrayList<>();

    public LatencyStats(String phase) {
        this.phase = phase;
    }

    public void add(Duration d) {
        nanos.add(d.toNanos());
    }

    public int count() {
        return nanos.size();
    }

    /** The largest sample. */
    public Duration max() {
        return Duration.ofNanos(nanos.isEmpty() ? 0 : Collections.max(nanos));
    }

    /** The {@code p}-th percentile (nearest rank), {@code 0 < p <= 100}. */
    public Duration percentile(double p) {
        if (nanos.isEmpty()) {
            return Duration.ZERO;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Duration.ofNanos(sorted.get(Math.max(0, rank - 1)));
    }

    @Override
    public String toString() {
        return String.format("%s: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", phase, count(),
                ms(percentile(50)), ms(percentile(99)), ms(max()));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
