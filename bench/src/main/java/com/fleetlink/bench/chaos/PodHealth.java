package com.fleetlink.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.testkit.Pod;
import java.io.UncheckedIOException;

/** When the chaos run counts an instance as whole again after a fault. */
final class PodHealth {
    private PodHealth() {
    }

    /** Both processes run, the sidecar is connected to Redis and has the ingestion attached. */
    static boolean healthy(Pod pod) {
        if (!pod.sidecar().process().isAlive() || !pod.ingestion().process().isAlive()) {
            return false;
        }
        try {
            JsonNode status = pod.sidecar().status();
            return status.path("redis").path("connected").asBoolean()
                    && status.path("ingestion").path("attached").asBoolean();
        } catch (UncheckedIOException e) {
            // The socket refuses while a restarted sidecar is still starting.
            return false;
        }
    }
}
