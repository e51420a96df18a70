package com.fleetlink.ingestion.testkit;

import static org.assertj.core.api.Assertions.fail;

import com.fleetlink.ingestion.IngestionMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code ingestion run} as a child JVM on a free loopback port, writing telemetry to a file.
 * It learns the port from the server's own "listening on" log line on stderr.
 */
public final class IngestionProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\((epoll|nio)\\)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** After the child exited its stderr pipe is closed, so the reader needs only moments to finish. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(5);
    /** Variables {@code ingestion run} reads besides {@code TELTONIKA_*}. */
    private static final Set<String> RUN_VARIABLES = Set.of("METRICS_PORT", "REGISTRY_SOCKET", "REGISTRY_SHUTDOWN_TIMEOUT");

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread stderrReader;

    private IngestionProcess(Process process) {
        this.process = process;
        stderrReader = new Thread(this::readStderr, "server-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /**
     * Starts {@code ingestion run --host 127.0.0.1 --port 0 --telemetry FILE} followed by {@code options}
     * and waits until it listens.
     */
    public static IngestionProcess start(Path telemetry, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                // The production log configuration: the test's logback-test.xml would hide the port line.
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                IngestionMain.class.getName(), "run",
                "--host", "127.0.0.1", "--port", "0", "--telemetry", telemetry.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // The test's own environment must not change how the server behaves.
        builder.environment().keySet().removeIf(name -> name.startsWith("TELTONIKA_") || RUN_VARIABLES.contains(name));
        IngestionProcess server = new IngestionProcess(builder.start());
        server.awaitPort();
        return server;
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                stderr.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("server stderr ended before it listened"));
    }

    private void awaitPort() {
        try {
            port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            fail("interrupted while the server started");
        } catch (ExecutionException | TimeoutException e) {
            close();
            fail("server did not log its port within " + START_TIMEOUT + " (" + e + "); stderr:\n" + stderr);
        }
    }

    /** The port the server bound. */
    public int port() {
        return port.join();
    }

    /** The child's process id, as the server reports it to others. */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and returns at once, so a test can watch the stop as it happens. */
    public void sigterm() {
        // Through the handle: Process.destroy() would also close our end of stderr, and the lines
        // the server logs while it stops would be lost.
        process.toHandle().destroy();
    }

    /**
     * Whether the server exited within {@code timeout}; once it has, {@link #stderr()} holds everything
     * it logged.
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        stderrReader.join(STDERR_DRAIN.toMillis());
        return true;
    }

    /** The exit code of a server that has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Sends SIGTERM and returns the exit code, failing if the server takes longer than {@code timeout}. */
    public int terminate(Duration timeout) throws InterruptedException {
        sigterm();
        if (!waitFor(timeout)) {
            process.destroyForcibly();
            fail("server still running " + timeout + " after SIGTERM; stderr:\n" + stderr);
        }
        return exitValue();
    }

    /** What the server logged so far: all of it once {@link #waitFor} saw it exit. */
    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
