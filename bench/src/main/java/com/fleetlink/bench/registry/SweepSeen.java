package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A janitor sweep as the sidecar's {@code status} reports its last one ({@code janitor.lastSweep}).
 *
 * @param startedMillis  wall-clock ms when it started
 * @param durationMillis how long it ran
 * @param instances      instances the registry named, the sidecar's own included
 * @param deadInstances  instances whose death it confirmed
 * @param deleted        fields it deleted
 */
record SweepSeen(long startedMillis, long durationMillis, int instances, int deadInstances, long deleted) {

    /** The last sweep in a status reply, or {@code null} before the first one ended. */
    static SweepSeen of(JsonNode status) {
        JsonNode sweep = status.path("janitor").path("lastSweep");
        if (!sweep.isObject()) {
            return null;
        }
        return new SweepSeen(Instant.parse(sweep.path("at").asText()).toEpochMilli(), sweep.path("durationMs").asLong(),
                sweep.path("instances").asInt(), sweep.path("deadInstances").asInt(), sweep.path("deleted").asLong());
    }

    long endMillis() {
        return startedMillis + durationMillis;
    }
}
