package com.fleetlink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link IdleClientFleet} child JVM started with this JVM's own classpath, so the devices'
 * sockets live in another heap than the server they connect to.
 */
final class ClientFleetProcess implements AutoCloseable {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final BufferedReader stdout;
    private final int connections;

    private ClientFleetProcess(Process process, int connections) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.connections = connections;
    }

    /** Starts the child; it connects at once. */
    static ClientFleetProcess start(String host, int port, int connections) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A small serial-GC heap: the child only holds sockets, and the machine is shared.
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                IdleClientFleet.class.getName(), host, Integer.toString(port), Integer.toString(connections));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ClientFleetProcess(process, connections);
    }

    /** Waits until every socket of the child has been answered {@code 01}. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                line.complete(stdout.readLine());
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        }, "client-fleet-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready;
        try {
            ready = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("client fleet not ready after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("reading the client fleet's output failed", e.getCause());
        }
        if (!("ready " + connections).equals(ready)) {
            String exit = process.isAlive() ? "still running" : "exit code " + process.waitFor();
            throw new IOException("client fleet said " + ready + " (" + exit + ")");
        }
    }

    /** Closes the child's input, which makes it close its sockets and exit; kills it if it does not. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            // Interrupted while it winds down: do not leave the child holding its sockets.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
