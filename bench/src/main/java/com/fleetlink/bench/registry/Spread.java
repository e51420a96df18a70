package com.fleetlink.bench.registry;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure over repeated legs or runs: its median, judged, and its range (min–max), shown, so a
 * reader sees how far one leg can be from another before trusting a median.
 *
 * @param values one value per repetition, in run order
 */
public record Spread(double[] values) {
    public Spread {
        if (values.length == 0) {
            throw new IllegalArgumentException("no repetitions");
        }
    }

    /** The figure {@code key} of each leg of {@code legs}. */
    public static Spread of(List<Map<String, Object>> legs, String key) {
        return new Spread(Stats.column(legs, key));
    }

    public double median() {
        return Stats.median(values);
    }

    public double min() {
        return Arrays.stream(values).min().orElseThrow();
    }

    public double max() {
        return Arrays.stream(values).max().orElseThrow();
    }

    /** {@code {"median": …, "min": …, "max": …, valuesKey: […]}} for the result file. */
    public Map<String, Object> toJson(String valuesKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("median", median());
        out.put("min", min());
        out.put("max", max());
        out.put(valuesKey, values.clone());
        return out;
    }
}
