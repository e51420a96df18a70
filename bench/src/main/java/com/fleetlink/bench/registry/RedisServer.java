package com.fleetlink.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private redis-server for one run: its own free port, no persistence ({@code --save ''
 * --appendonly no}), so a restart starts empty. {@link #restartEmpty()} kills it and starts a new
 * one on the same port, which is what "Redis restarted empty" means in the failure matrix.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private ChildProcess process;
    private int generation;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start(Path dir) {
        RedisServer server = new RedisServer(dir, freePort());
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public ChildProcess process() {
        return process;
    }

    /** A new observer connection. */
    public RespClient connect() {
        return RespClient.connect(port);
    }

    /** SIGKILL, waiting until it is gone: nothing is saved, and clients see their connection reset. */
    public void kill() {
        process.kill();
    }

    /** Starts an empty server on the same port after {@link #kill()}; returns once it answers PING. */
    public void startAgain() {
        launch();
    }

    private void launch() {
        generation++;
        process = ChildProcess.start("redis-server:" + port, List.of("redis-server",
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--daemonize", "no"), dir.resolve("redis-" + port + "-" + generation + ".log"));
        Poll.until(this::answersPing, START_TIMEOUT, Duration.ofMillis(1), "redis-server on port " + port + " to answer PING");
    }

    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new BenchFailure("redis-server exited at start; see " + process.log());
        }
        try (RespClient client = RespClient.connect(port)) {
            return "PONG".equals(client.call("PING"));
        } catch (UncheckedIOException | BenchFailure e) {
            return false;
        }
    }

    /**
     * {@code redis-benchmark -p PORT -t hset -P 64 -n requests -q}: Redis' own HSET throughput with
     * 64-deep pipelining, the ceiling any writer of the registry hash could reach here.
     */
    public double benchmarkHset(int requests) {
        try {
            Process p = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-t", "hset",
                    "-P", "64", "-n", Integer.toString(requests), "-q").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            // -q prints progress lines separated by \r, then "HSET: 123456.78 requests per second, p50=…".
            String[] parts = out.split("[\r\n]");
            for (int i = parts.length - 1; i >= 0; i--) {
                String line = parts[i].trim();
                int at = line.indexOf(" requests per second");
                if (line.startsWith("HSET:") && at > 0) {
                    return Double.parseDouble(line.substring("HSET:".length(), at).trim());
                }
            }
            throw new BenchFailure("redis-benchmark printed no HSET figure: " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted during redis-benchmark");
        }
    }

    /** {@code redis-server --version}, for the machine line. */
    public static String version() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            int v = out.indexOf("v=");
            return v < 0 ? out : out.substring(v + 2, out.indexOf(' ', v));
        } catch (IOException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
        }
    }

    @Override
    public String toString() {
        return "redis-server on port " + port;
    }
}
