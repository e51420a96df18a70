package com.fleetlink.protocol.metrics;

import io.prometheus.metrics.core.metrics.Histogram;

/**
 * The one shape of every latency histogram of ours: classic buckets (any Prometheus can query
 * them, native histograms need a feature flag), in seconds, from half a millisecond to ten seconds,
 * without exemplars (most are observed on event loops, which must not pay for trace lookups).
 */
public final class LatencyHistogram {
    /** Upper bounds in seconds: fine below 10 ms where a healthy pod lives, coarse up to a stall. */
    public static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private LatencyHistogram() {
    }

    /** A builder for {@code name}, which must end in {@code _seconds}. */
    public static Histogram.Builder builder(String name, String help) {
        if (!name.endsWith("_seconds")) {
            throw new IllegalArgumentException("a latency histogram's name ends in _seconds: " + name);
        }
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(BUCKETS).withoutExemplars();
    }

    /** Seconds from a {@link System#nanoTime()} difference. */
    public static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
