package com.fleetlink.bench.registry;

import java.util.List;
import java.util.Map;

/**
 * One figure of legs run side by side, repeated: {@code over[i] ÷ under[i]} for each repetition, so
 * a machine that drifts during the run moves both sides of each ratio alike, and the median and the
 * range (min–max) of those ratios, so a pass cannot rest on one lucky leg.
 *
 * @param ratios one ratio per repetition, in run order, rounded to 3 digits
 */
public record RepeatedRatio(double[] ratios) {
    /** The ratios of figure {@code key}: each leg of {@code over} divided by the leg of {@code under} run with it. */
    static RepeatedRatio of(List<Map<String, Object>> over, List<Map<String, Object>> under, String key) {
        if (over.size() != under.size() || over.isEmpty()) {
            throw new IllegalArgumentException("repetitions must pair up: " + over.size() + " over " + under.size());
        }
        return divide(Stats.column(over, key), Stats.column(under, key));
    }

    /** The ratios {@code overKey ÷ underKey} of each leg, for a leg that ran its own baseline alongside it. */
    public static RepeatedRatio within(List<Map<String, Object>> legs, String overKey, String underKey) {
        if (legs.isEmpty()) {
            throw new IllegalArgumentException("no repetitions");
        }
        return divide(Stats.column(legs, overKey), Stats.column(legs, underKey));
    }

    private static RepeatedRatio divide(double[] top, double[] bottom) {
        double[] ratios = new double[top.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = Stats.round(top[i] / bottom[i], 3);
        }
        return new RepeatedRatio(ratios);
    }

    double median() {
        return spread().median();
    }

    double min() {
        return spread().min();
    }

    double max() {
        return spread().max();
    }

    /** {@code {"median": …, "min": …, "max": …, "ratios": […]}} for the result file. */
    public Map<String, Object> toJson() {
        return spread().toJson("ratios");
    }

    private Spread spread() {
        return new Spread(ratios);
    }
}
