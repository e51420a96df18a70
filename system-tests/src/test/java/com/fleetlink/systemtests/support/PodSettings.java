package com.fleetlink.systemtests.support;

import com.fleetlink.testkit.Jars;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sidecar flags a test runs a pod with. {@link #fast(String)} shrinks every production
 * interval (30 s heartbeat, 90 s TTL, 15 s grace …) so each behaviour shows within a second or two.
 * A pod runs the jars the build made, serves metrics and leaves its processes to a {@link ChildProcesses}.
 *
 * @param instanceId        the id written into {@code connections:registry}
 * @param heartbeatInterval {@code --heartbeat-interval}
 * @param heartbeatTtl      {@code --heartbeat-ttl}
 * @param grace             {@code --grace}
 * @param pingInterval      {@code --ping-interval}
 * @param reconcileInterval {@code --reconcile-interval}
 * @param shutdownWait      {@code --shutdown-wait}
 * @param commandSweepInterval {@code --command-sweep-interval}
 */
public record PodSettings(String instanceId, Duration heartbeatInterval, Duration heartbeatTtl, Duration grace,
                          Duration pingInterval, Duration reconcileInterval, Duration shutdownWait,
                          Duration commandSweepInterval) {
    /** JVM start on a 2-core CI runner shared with the build can take several seconds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** Heartbeat every 300 ms with a 2 s TTL, 1 s grace, ping every 200 ms, reconcile and command sweep every second. */
    public static PodSettings fast(String instanceId) {
        return new PodSettings(instanceId, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    /** The same with another grace period. */
    public PodSettings withGrace(Duration newGrace) {
        return new PodSettings(instanceId, heartbeatInterval, heartbeatTtl, newGrace, pingInterval, reconcileInterval,
                shutdownWait, commandSweepInterval);
    }

    /** The same with another heartbeat expiry. */
    public PodSettings withHeartbeatTtl(Duration newTtl) {
        return new PodSettings(instanceId, heartbeatInterval, newTtl, grace, pingInterval, reconcileInterval,
                shutdownWait, commandSweepInterval);
    }

    /** The same with another SIGTERM wait for the ingestion. */
    public PodSettings withShutdownWait(Duration newWait) {
        return new PodSettings(instanceId, heartbeatInterval, heartbeatTtl, grace, pingInterval, reconcileInterval,
                newWait, commandSweepInterval);
    }

    /** The same with another command sweep interval. */
    public PodSettings withCommandSweepInterval(Duration newInterval) {
        return new PodSettings(instanceId, heartbeatInterval, heartbeatTtl, grace, pingInterval, reconcileInterval,
                shutdownWait, newInterval);
    }

    /** Starts a pod with these settings, its files in {@code dir}, and waits until it is ready (see {@link Pod#awaitReady}). */
    public Pod start(ChildProcesses children, String redisUri, Path dir) {
        return pod(children, redisUri, dir).start();
    }

    /** Starts a pod with these settings without waiting, so several pods can start side by side. */
    public Pod launch(ChildProcesses children, String redisUri, Path dir) {
        return pod(children, redisUri, dir).launch();
    }

    private Pod.Builder pod(ChildProcesses children, String redisUri, Path dir) {
        return Pod.builder(instanceId, dir, redisUri, JavaProgram.jar(Jars.sidecar(), JavaProgram.TEST_JVM_OPTIONS),
                        JavaProgram.jar(Jars.ingestion(), JavaProgram.TEST_JVM_OPTIONS))
                .sidecarFlags(sidecarFlags()).metrics().startTimeout(START_TIMEOUT).owner(children);
    }

    /** The duration flags as {@code registry-sidecar run} takes them. */
    private List<String> sidecarFlags() {
        return List.of("--heartbeat-interval", millis(heartbeatInterval),
                "--heartbeat-ttl", millis(heartbeatTtl),
                "--grace", millis(grace),
                "--ping-interval", millis(pingInterval),
                "--reconcile-interval", millis(reconcileInterval),
                "--shutdown-wait", millis(shutdownWait),
                "--command-sweep-interval", millis(commandSweepInterval));
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
