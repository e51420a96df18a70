package com.fleetlink.systemtests.support;

import java.time.Duration;
import java.util.List;

/**
 * The sidecar flags a test runs a pod with. {@link #fast(String)} shrinks every production
 * interval (30 s heartbeat, 90 s TTL, 15 s grace …) so each behaviour shows within a second or two.
 *
 * @param instanceId        the id written into {@code connections:registry}
 * @param heartbeatInterval {@code --heartbeat-interval}
 * @param heartbeatTtl      {@code --heartbeat-ttl}
 * @param grace             {@code --grace}
 * @param pingInterval      {@code --ping-interval}
 * @param reconcileInterval {@code --reconcile-interval}
 * @param shutdownWait      {@code --shutdown-wait}
 */
public record PodSettings(String instanceId, Duration heartbeatInterval, Duration heartbeatTtl, Duration grace,
                          Duration pingInterval, Duration reconcileInterval, Duration shutdownWait) {

    /** Heartbeat every 300 ms with a 2 s TTL, 1 s grace, ping every 200 ms, reconcile every second. */
    public static PodSettings fast(String instanceId) {
        return new PodSettings(instanceId, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** The same with another grace period. */
    public PodSettings withGrace(Duration newGrace) {
        return new PodSettings(instanceId, heartbeatInterval, heartbeatTtl, newGrace, pingInterval, reconcileInterval,
                shutdownWait);
    }

    /** The same with another heartbeat expiry. */
    public PodSettings withHeartbeatTtl(Duration newTtl) {
        return new PodSettings(instanceId, heartbeatInterval, newTtl, grace, pingInterval, reconcileInterval,
                shutdownWait);
    }

    /** The same with another SIGTERM wait for the ingestion. */
    public PodSettings withShutdownWait(Duration newWait) {
        return new PodSettings(instanceId, heartbeatInterval, heartbeatTtl, grace, pingInterval, reconcileInterval,
                newWait);
    }

    /** The duration flags as {@code registry-sidecar run} takes them. */
    List<String> sidecarFlags() {
        return List.of("--instance-id", instanceId,
                "--heartbeat-interval", millis(heartbeatInterval),
                "--heartbeat-ttl", millis(heartbeatTtl),
                "--grace", millis(grace),
                "--ping-interval", millis(pingInterval),
                "--reconcile-interval", millis(reconcileInterval),
                "--shutdown-wait", millis(shutdownWait));
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
