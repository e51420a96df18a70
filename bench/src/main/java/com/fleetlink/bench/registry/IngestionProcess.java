package com.fleetlink.bench.registry;

import com.fleetlink.bench.endtoend.AckOnlyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Teltonika server as a child process: the real {@code ingestion.jar run} (by default on a free port
 * with its telemetry thrown away into {@code /dev/null}, or on a given port writing to a given file; a
 * restart on the same port appends to the same file), or the ACK-only baseline server.
 */
public final class IngestionProcess implements AutoCloseable {
    // Generous: on a loaded two-core machine a JVM start alone has taken over 30 s.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Path DISCARD = Path.of("/dev/null");

    private final ChildProcess process;
    private final int port;

    private IngestionProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the ingestion on a free port, telemetry to {@code /dev/null}, and waits until it accepts
     * TCP connections.
     *
     * @param registrySocket the sidecar's socket, or {@code null} to run without the registry
     */
    public static IngestionProcess start(Path jar, Path dir, String name, Path registrySocket, List<String> jvmOptions) {
        // The sink still formats every record; only the disk is spared, the same on both sides of a comparison.
        return start(jar, dir, name, registrySocket, jvmOptions, DISCARD);
    }

    /** {@link #start(Path, Path, String, Path, List)} with the JSON Lines telemetry written to {@code telemetry}. */
    public static IngestionProcess start(Path jar, Path dir, String name, Path registrySocket, List<String> jvmOptions,
                                         Path telemetry) {
        return start(jar, dir, name, registrySocket, jvmOptions, RedisServer.freePort(), telemetry);
    }

    /**
     * Starts the ingestion on {@code port} with its telemetry appended to {@code telemetry}, and
     * waits until it accepts TCP connections.
     */
    public static IngestionProcess start(Path jar, Path dir, String name, Path registrySocket, List<String> jvmOptions,
                                         int port, Path telemetry) {
        List<String> args = new ArrayList<>(List.of("run", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--telemetry", telemetry.toString()));
        if (registrySocket != null) {
            args.add("--registry-socket");
            args.add(registrySocket.toString());
        }
        return launch(name, Jars.javaCommand(jvmOptions, jar, args), port, dir);
    }

    /**
     * Starts {@link AckOnlyServer} from this JVM's classpath: the server that answers and decodes
     * nothing, the denominator of the end-to-end ratios.
     */
    static IngestionProcess ackOnly(Path dir, String name) {
        int port = RedisServer.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AckOnlyServer.class.getName(), Integer.toString(port));
        return launch(name, command, port, dir);
    }

    private static IngestionProcess launch(String name, List<String> command, int port, Path dir) {
        ChildProcess process = ChildProcess.start(name, command, dir.resolve(name + ".log"));
        IngestionProcess server = new IngestionProcess(process, port);
        try {
            Poll.until(() -> {
                if (!process.isAlive()) {
                    throw new BenchFailure(name + " exited at start; see " + process.log());
                }
                return server.accepts();
            }, START_TIMEOUT, Duration.ofMillis(20), name + " to listen on port " + port);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return server;
    }

    /** A bare TCP connect, closed before any handshake: the server registers nothing for it. */
    private boolean accepts() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "ingestion " + process;
    }
}
