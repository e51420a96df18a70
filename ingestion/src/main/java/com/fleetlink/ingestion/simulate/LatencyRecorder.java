package com.fleetlink.ingestion.simulate;

import java.util.Arrays;
import java.util.List;

/**
 * ACK latencies in nanoseconds, kept in a growable primitive array so recording one is an array
 * store, not an allocation. Not thread-safe: each event loop owns one, and the run merges them at
 * the end.
 */
final class LatencyRecorder {
    private long[] values;
    private int size;

    LatencyRecorder() {
        this(1024);
    }

    LatencyRecorder(int initialCapacity) {
        values = new long[Math.max(initialCapacity, 1)];
    }

    /** Adds one latency. */
    void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    /** How many latencies were recorded. */
    int size() {
        return size;
    }

    /** A copy of the latencies recorded so far, for handing to another thread. */
    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** Percentiles over all of the given samples together. */
    static Summary summarize(List<long[]> samples) {
        int total = samples.stream().mapToInt(s -> s.length).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 0, all, at, s.length);
            at += s.length;
        }
        Arrays.sort(all);
        return new Summary(total, percentile(all, 50), percentile(all, 99), total == 0 ? 0 : all[total - 1]);
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /**
     * The latency figures a run reports.
     *
     * @param count   latencies recorded
     * @param p50Nanos median
     * @param p99Nanos 99th percentile
     * @param maxNanos largest
     */
    record Summary(int count, long p50Nanos, long p99Nanos, long maxNanos) {
    }
}
