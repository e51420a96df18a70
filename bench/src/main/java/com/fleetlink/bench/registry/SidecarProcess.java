package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code registry-sidecar.jar run} as a child process, with its socket, event log and
 * output in the run's directory.
 */
public final class SidecarProcess implements AutoCloseable {
    // Generous: on a loaded two-core machine a JVM start alone has taken over 30 s.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;
    private final Path socket;
    private final String instanceId;

    private SidecarProcess(ChildProcess process, Path socket, String instanceId) {
        this.process = process;
        this.socket = socket;
        this.instanceId = instanceId;
    }

    /**
     * Starts the sidecar and waits until its socket answers status and Redis is connected.
     *
     * @param jvmOptions e.g. {@code -Xmx96m}; stated in every report
     * @param extraArgs  more {@code run} flags, e.g. {@code --ping-interval 5s}
     */
    public static SidecarProcess start(Path jar, Path dir, String instanceId, RedisServer redis, List<String> jvmOptions,
                                List<String> extraArgs) {
        Path socket = dir.resolve("registry.sock");
        List<String> args = new ArrayList<>(List.of("run",
                "--socket", socket.toString(),
                "--redis", redis.uri(),
                "--instance-id", instanceId,
                "--event-log", dir.resolve("event-log").toString(),
                "--shutdown-wait", "2s"));
        args.addAll(extraArgs);
        ChildProcess process = ChildProcess.start("registry-sidecar", Jars.javaCommand(jvmOptions, jar, args),
                dir.resolve("sidecar.log"));
        SidecarProcess sidecar = new SidecarProcess(process, socket, instanceId);
        try {
            Poll.until(() -> {
                if (!process.isAlive()) {
                    throw new BenchFailure("the sidecar exited at start; see " + process.log());
                }
                return Files.exists(socket) && sidecar.answersConnected();
            }, START_TIMEOUT, Duration.ofMillis(20), "the sidecar to listen and connect to Redis");
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return sidecar;
    }

    /**
     * Whether the daemon answers status with Redis connected; a refused connection is a no: after a
     * SIGKILL, the old daemon's socket file stays until the new one replaces it.
     */
    private boolean answersConnected() {
        try {
            return status().path("redis").path("connected").asBoolean();
        } catch (BenchFailure e) {
            return false;
        }
    }

    public JsonNode status() {
        return LocalControl.status(socket);
    }

    public Path socket() {
        return socket;
    }

    public String instanceId() {
        return instanceId;
    }

    public long pid() {
        return process.pid();
    }

    public ChildProcess process() {
        return process;
    }

    /** Waits until the writer has nothing waiting or in flight (status {@code pending == 0}). */
    public long awaitIdle(Duration timeout) {
        return Poll.until(() -> status().path("pending").asInt(-1) == 0, timeout, Duration.ofMillis(10),
                "the sidecar's pending work to reach 0");
    }

    /** {@link #awaitIdle}, returning the status that showed it. */
    public JsonNode awaitIdleStatus(Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Poll.until(() -> (last[0] = status()).path("pending").asInt(-1) == 0, timeout, Duration.ofMillis(10),
                "the sidecar's pending work to reach 0");
        return last[0];
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "registry-sidecar " + process;
    }
}
