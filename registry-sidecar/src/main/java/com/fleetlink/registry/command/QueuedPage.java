package com.fleetlink.registry.command;

import java.util.List;

/**
 * One page of the devices that have queued commands, read from the expiry index.
 *
 * @param imeis  devices named on this page (a device may appear on several pages)
 * @param cursor where the next page starts
 * @param last   whether this was the last page
 */
public record QueuedPage(List<String> imeis, String cursor, boolean last) {
    /** The cursor of the first page. */
    public static final String FIRST = "0";

    public QueuedPage {
        imeis = List.copyOf(imeis);
    }
}
