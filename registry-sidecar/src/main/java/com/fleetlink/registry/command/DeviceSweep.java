package com.fleetlink.registry.command;

import java.util.List;

/**
 * One device after its sweep (expire-or-lapse).
 *
 * @param finished ids that ended in this sweep ({@code expired}, or {@code unknown} after a lapsed lease)
 * @param queued   ids still queued, head first
 * @param active   the id in progress under a live lease, or {@code null}
 */
public record DeviceSweep(String imei, List<String> finished, List<String> queued, String active) {
    public DeviceSweep {
        finished = List.copyOf(finished);
        queued = List.copyOf(queued);
    }
}
