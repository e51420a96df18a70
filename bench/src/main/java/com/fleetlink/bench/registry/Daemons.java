package com.fleetlink.bench.registry;

import com.fleetlink.testkit.IngestionProcess;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.RedisServerProcess;
import com.fleetlink.testkit.SidecarProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sidecar and the ingestion as every benchmark starts them: the real jars with the JVM options
 * its report states, their files in the run's directory, and each returned only once it is ready to
 * be measured.
 */
public final class Daemons {
    /** A SIGTERM (the chaos run's fault) waits at most 2 s for the ingestion to leave, not the default 10 s. */
    public static final List<String> SIDECAR_FLAGS = List.of("--shutdown-wait", "2s");
    /** The sink still formats every record; only the disk is spared, the same on both sides of a comparison. */
    private static final Path DISCARD = Path.of("/dev/null");

    private Daemons() {
    }

    /**
     * Starts the sidecar with {@code registry.sock} in {@code dir} and waits until it answers status
     * with Redis connected.
     *
     * @param jvmOptions e.g. {@code -Xmx96m}; stated in every report
     * @param extraArgs  more {@code run} flags, e.g. {@code --ping-interval 5s}
     */
    public static SidecarProcess sidecar(Path jar, Path dir, String instanceId, RedisServerProcess redis,
                                         List<String> jvmOptions, List<String> extraArgs) {
        SidecarProcess sidecar = SidecarProcess.builder(JavaProgram.jar(jar, jvmOptions), dir, instanceId,
                dir.resolve("registry.sock"), redis.uri()).args(sidecarFlags(extraArgs)).start();
        try {
            sidecar.awaitRedisConnected(SidecarProcess.START_TIMEOUT);
        } catch (RuntimeException | AssertionError e) {
            sidecar.close();
            throw e;
        }
        return sidecar;
    }

    /** {@link #SIDECAR_FLAGS} followed by {@code extraArgs}. */
    public static List<String> sidecarFlags(List<String> extraArgs) {
        List<String> flags = new ArrayList<>(SIDECAR_FLAGS);
        flags.addAll(extraArgs);
        return flags;
    }

    /**
     * Starts the ingestion on a free port with its telemetry thrown away into {@code /dev/null}, and
     * waits until it listens.
     *
     * @param registrySocket the sidecar's socket, or {@code null} to run without the registry
     */
    public static IngestionProcess ingestion(Path jar, Path dir, String name, Path registrySocket, List<String> jvmOptions) {
        return ingestion(jar, dir, name, registrySocket, jvmOptions, DISCARD);
    }

    /** {@link #ingestion(Path, Path, String, Path, List)} with the JSON Lines telemetry written to {@code telemetry}. */
    public static IngestionProcess ingestion(Path jar, Path dir, String name, Path registrySocket, List<String> jvmOptions,
                                             Path telemetry) {
        IngestionProcess.Builder server = IngestionProcess.builder(JavaProgram.jar(jar, jvmOptions), dir).name(name)
                .telemetry(telemetry);
        if (registrySocket != null) {
            server.registrySocket(registrySocket);
        }
        return server.start();
    }

    /** The ingestion alone on a free port, writing its telemetry to {@code telemetryTarget} (e.g. {@code kafka://…}). */
    public static IngestionProcess ingestionTo(Path jar, Path dir, String name, List<String> jvmOptions, String telemetryTarget) {
        return IngestionProcess.builder(JavaProgram.jar(jar, jvmOptions), dir).name(name).telemetryTarget(telemetryTarget)
                .start();
    }
}
