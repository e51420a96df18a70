package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change of every registry field that the {@link RegistryMonitor} replayed, kept per device,
 * plus the moments the monitor lost or regained sight of Redis (which change every field at once).
 * Written by the monitor thread, read by the checker at the end; all methods are synchronized.
 */
final class FieldHistory {
    private final Map<String, List<FieldChange>> byImei = new HashMap<>();
    private final List<FieldChange> resets = new ArrayList<>();
    private long seq;

    /**
     * Redis set {@code imei}'s field to {@code value} at {@code micros}, for a registration decided
     * at {@code decidedMicros} (0: a repair).
     */
    synchronized void written(long micros, String imei, String value, long decidedMicros) {
        add(imei, new FieldChange(seq++, micros, FieldChange.Kind.WRITTEN, value, decidedMicros));
    }

    /** Redis deleted {@code imei}'s field at {@code micros}. */
    synchronized void deleted(long micros, String imei) {
        add(imei, new FieldChange(seq++, micros, FieldChange.Kind.ABSENT, null, 0));
    }

    /** The monitor's connection broke at {@code micros} (Redis killed): no field is known from then on. */
    synchronized void lost(long micros) {
        resets.add(new FieldChange(seq++, micros, FieldChange.Kind.UNKNOWN, null, 0));
    }

    /**
     * The monitor attached at {@code micros}: every field is absent from then on when the hash was
     * empty, else unknown until the monitor sees it written or deleted ({@code blind}).
     */
    synchronized void attached(long micros, boolean blind) {
        resets.add(new FieldChange(seq++, micros, blind ? FieldChange.Kind.UNKNOWN : FieldChange.Kind.ABSENT, null, 0));
    }

    /** {@code imei}'s changes and every reset, in the monitor's processing order. */
    synchronized List<FieldChange> changes(String imei) {
        List<FieldChange> own = byImei.getOrDefault(imei, List.of());
        List<FieldChange> merged = new ArrayList<>(own.size() + resets.size());
        int i = 0;
        int r = 0;
        while (i < own.size() || r < resets.size()) {
            if (r == resets.size() || (i < own.size() && own.get(i).seq() < resets.get(r).seq())) {
                merged.add(own.get(i++));
            } else {
                merged.add(resets.get(r++));
            }
        }
        return merged;
    }

    private void add(String imei, FieldChange change) {
        byImei.computeIfAbsent(imei, k -> new ArrayList<>()).add(change);
    }
}
