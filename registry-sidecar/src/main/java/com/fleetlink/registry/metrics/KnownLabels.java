package com.fleetlink.registry.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A labelled metric's data points for the label values known up front, each looked up once: the
 * metric's own {@code labelValues} builds a label list to find its point on every call, once per
 * event on the sidecar's hot path. A value not known up front still goes through it, so it gets its
 * series as before.
 */
final class KnownLabels<D> {
    private final Map<String, D> known;
    private final Function<String, D> lookup;

    /**
     * @param values the label values to look up now; looking one up creates its series at zero
     * @param lookup the metric's {@code labelValues}
     */
    KnownLabels(List<String> values, Function<String, D> lookup) {
        Map<String, D> points = new HashMap<>();
        for (String value : values) {
            points.put(value, lookup.apply(value));
        }
        this.known = Map.copyOf(points);
        this.lookup = lookup;
    }

    /** The data point of the series labelled {@code value}. */
    D point(String value) {
        D point = known.get(value);
        return point != null ? point : lookup.apply(value);
    }
}
