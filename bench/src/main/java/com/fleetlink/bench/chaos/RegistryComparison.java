package com.fleetlink.bench.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry hash against the ground truth at one moment: entries naming the wrong instance,
 * entries missing for a connected device, and stale entries (a device with no open socket, or not
 * one of the fleet's).
 */
record RegistryComparison(int wrongInstance, int missing, int stale, int expected) {
    /** The registry hash. */
    static final String REGISTRY = "connections:registry";

    static RegistryComparison of(Map<String, String> hash, Map<String, String> owners) {
        int wrong = 0;
        int missing = 0;
        for (Map.Entry<String, String> e : owners.entrySet()) {
            String actual = hash.get(e.getKey());
            if (actual == null) {
                missing++;
            } else if (!actual.equals(e.getValue())) {
                wrong++;
            }
        }
        int stale = 0;
        for (String imei : hash.keySet()) {
            if (!owners.containsKey(imei)) {
                stale++;
            }
        }
        return new RegistryComparison(wrong, missing, stale, owners.size());
    }

    /** The figure that must be 0 after convergence. */
    int wrongEntries() {
        return wrongInstance + missing + stale;
    }

    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expectedEntries", expected);
        out.put("wrongInstance", wrongInstance);
        out.put("missing", missing);
        out.put("stale", stale);
        return out;
    }
}
