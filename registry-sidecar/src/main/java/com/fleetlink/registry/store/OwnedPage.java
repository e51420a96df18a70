package com.fleetlink.registry.store;

import java.util.List;

/**
 * A page of a registry scan.
 *
 * @param cursor   where the next page starts
 * @param imeis    the devices on this page whose field names this instance
 * @param finished the scan is complete
 */
public record OwnedPage(String cursor, List<String> imeis, boolean finished) {
    /** The cursor that starts a scan. */
    public static final String FIRST = "0";

    public OwnedPage {
        imeis = List.copyOf(imeis);
    }
}
