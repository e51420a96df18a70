package com.fleetlink.registry.store;

import java.util.Map;

/**
 * A page of a scan over the whole registry.
 *
 * @param cursor   where the next page starts
 * @param fields   every field on this page, IMEI → the instance it names
 * @param finished the scan is complete
 */
public record RegistryPage(String cursor, Map<String, String> fields, boolean finished) {
    /** The cursor that starts a scan. */
    public static final String FIRST = "0";

    public RegistryPage {
        fields = Map.copyOf(fields);
    }
}
