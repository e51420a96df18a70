package com.fleetlink.registry.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page of a scan over the whole registry.
 *
 * @param cursor   where the next page starts
 * @param fields   every field on this page, IMEI → the instance it names, in the order the scan returned them
 * @param finished the scan is complete
 */
public record RegistryPage(String cursor, Map<String, String> fields, boolean finished) {
    /** The cursor that starts a scan. */
    public static final String FIRST = "0";

    public RegistryPage {
        // Not Map.copyOf: its order changes from one JVM to the next, and the janitor batches its
        // deletes in this order, so a simulation seed would not replay the same in another JVM.
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
