package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.fail;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ingestion server as a child JVM on a free port, writing telemetry to a file. It learns
 * the port from the server's own "listening on" log line on stderr.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\((epoll|nio)\\)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readStderr, "server-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code ingestion run --port 0 --telemetry FILE} and waits until it listens. */
    static ServerProcess start(Path telemetry) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m",
                // The production log configuration: the test's logback-test.xml would hide the port line.
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                "com.fleetlink.ingestion.IngestionMain", "run",
                "--host", "127.0.0.1", "--port", "0", "--telemetry", telemetry.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // The test's own environment must not change how the server behaves.
        builder.environment().keySet().removeIf(name -> name.startsWith("TELTONIKA_") || name.equals("METRICS_PORT"));
        ServerProcess server = new ServerProcess(builder.start());
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
    int port() {
        return port.join();
    }

    /** Sends SIGTERM and returns the exit code, failing if the server takes longer than {@code timeout}. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("server still running " + timeout + " after SIGTERM; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    /** What the server logged so far, for failure messages. */
    String stderr() {
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
