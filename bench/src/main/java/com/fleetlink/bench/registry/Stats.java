package com.fleetlink.bench.registry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Medians and percentiles of what a run measured. */
public final class Stats {
    private Stats() {
    }

    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The figure {@code key} of every leg, in order. */
    public static double[] column(List<Map<String, Object>> legs, String key) {
        return legs.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).toArray();
    }

    /** (max − min) ÷ median of repeated legs of one kind, rounded to 3 digits: how finely their median can be read. */
    public static double spread(double... values) {
        double min = Arrays.stream(values).min().orElse(Double.NaN);
        double max = Arrays.stream(values).max().orElse(Double.NaN);
        return round((max - min) / median(values), 3);
    }

    /** The nearest-rank percentile {@code p} (0–100) of {@code sorted}, which must be sorted. */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Rounds for the report: {@code digits} after the decimal point. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    public static double millis(long nanos) {
        return round(nanos / 1e6, 3);
    }
}
