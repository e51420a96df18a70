package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.BenchSession;
import com.fleetlink.bench.registry.Daemons;
import com.fleetlink.bench.registry.JarFlags;
import com.fleetlink.testkit.FreePorts;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the instances of a run: the jars under test with the run's JVM options and sidecar flags.
 *
 * @param jvm             JVM options of the sidecars and ingestions
 * @param sidecarArgs     more {@code registry-sidecar run} flags
 * @param telemetryTarget every ingestion's {@code --telemetry} value, or {@code null} for a JSON Lines file per instance
 */
record PodLauncher(JarFlags jars, List<String> jvm, List<String> sidecarArgs, String telemetryTarget) {
    /** Starts of one instance on a fresh port each, while the port it picked turns out taken. */
    private static final int PORT_ATTEMPTS = 3;

    /** Instances writing their telemetry to a file each. */
    PodLauncher(JarFlags jars, List<String> jvm, List<String> sidecarArgs) {
        this(jars, jvm, sidecarArgs, null);
    }

    /**
     * One instance with its files in {@code dir/id}, the ingestion on a fixed port appending its
     * telemetry to one file (or writing it to the run's topic), so a restarted ingestion is where its
     * devices look for it and its records join the others; returned once the sidecar is connected to
     * Redis as well.
     */
    Pod start(BenchSession session, Path dir, String id, RedisServerProcess redis, List<String> ingestionFlags) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(session, dir, id, redis, ingestionFlags, FreePorts.pick());
            } catch (RuntimeException | AssertionError e) {
                if (attempt == PORT_ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A picked port is free only until someone binds it, and instances start side by side, each picking
     * its own: another one (or any process) may bind it first, so such a start is tried again on a new port.
     */
    private static boolean portTaken(Throwable failure) {
        return String.valueOf(failure.getMessage()).contains("Address already in use");
    }

    private Pod start(BenchSession session, Path dir, String id, RedisServerProcess redis, List<String> ingestionFlags,
                      int port) {
        Path podDir = dir.resolve(id);
        try {
            Files.createDirectories(podDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pod.Builder builder = Pod.builder(id, podDir, redis.uri(), JavaProgram.jar(jars.sidecar(), jvm),
                        JavaProgram.jar(jars.ingestion(), jvm))
                .sidecarFlags(Daemons.sidecarFlags(sidecarArgs)).ingestionFlags(ingestionFlags).ingestionPort(port);
        if (telemetryTarget == null) {
            builder.telemetry(podDir.resolve("telemetry.jsonl"));
        } else {
            builder.telemetryTarget(telemetryTarget);
        }
        Pod pod = session.own(builder.start());
        pod.sidecar().awaitRedisConnected(SidecarProcess.START_TIMEOUT);
        return pod;
    }
}
