package com.fleetlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, which its owner can kill, pause (SIGSTOP),
 * resume and start again empty. Nothing is persisted: a restart loses every key, which is exactly
 * the "restarted empty" fault of design §5. Its logs go to its directory, one pair of files per life.
 * Tests get one through {@link RedisServers}, which picks it or a container; the benchmarks and the
 * cluster and sentinel helpers start it directly.
 */
public final class RedisServerProcess implements RedisServer {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_POLL = Duration.ofMillis(5);

    private final Path dir;
    private final List<String> extraArgs;
    private final int port;
    private final int tlsPort;
    private ChildProcess process;

    private RedisServerProcess(Path dir, int port, int tlsPort, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.extraArgs = extraArgs;
    }

    /** Starts a server in a fresh temporary directory with the given extra {@code redis-server} arguments. */
    public static RedisServerProcess start(String... extraArgs) {
        return startIn(tempDir(), extraArgs);
    }

    /** Starts a server whose logs (and nothing else: it saves nothing) go to {@code dir}. */
    public static RedisServerProcess startIn(Path dir, String... extraArgs) {
        RedisServerProcess redis = new RedisServerProcess(dir, FreePorts.pick(), 0, List.of(extraArgs));
        redis.launch();
        return redis;
    }

    /**
     * Starts a server that also listens for TLS on a second free port ({@link #tlsUri()}) with the
     * server certificate of {@code tls}; the plain port stays open for the test's own checks.
     *
     * @param requireClientCert whether clients must present a certificate signed by {@code tls.ca()}
     */
    public static RedisServerProcess startTls(TlsFiles tls, boolean requireClientCert, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--tls-cert-file", tls.serverCert().toString(),
                "--tls-key-file", tls.serverKey().toString(), "--tls-ca-cert-file", tls.ca().toString(),
                "--tls-auth-clients", requireClientCert ? "yes" : "no"));
        args.addAll(List.of(extraArgs));
        RedisServerProcess redis = new RedisServerProcess(tempDir(), FreePorts.pick(), FreePorts.pick(), args);
        redis.launch();
        return redis;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("redis-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String tlsUri() {
        if (tlsPort == 0) {
            throw new IllegalStateException("started without TLS");
        }
        return "rediss://" + HOST + ":" + tlsPort;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** The process id of its current life. */
    public long pid() {
        return process.pid();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", HOST, "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no"));
        if (tlsPort != 0) {
            command.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        }
        command.addAll(extraArgs);
        ChildProcess started = ChildProcess.start("redis-" + port, command, dir);
        process = started;
        Poll.until(START_TIMEOUT, START_POLL, "redis-server on port " + port + " to answer PING", () -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server exited at start\n" + started.tail());
            }
            return answersPing();
        });
    }

    /** Any answer counts: with ACLs on, an unauthenticated PING gets -NOAUTH, which still proves it listens. */
    private boolean answersPing() {
        String reply = command("PING");
        return reply != null && !reply.isEmpty();
    }

    /**
     * Closes this master's links to its replicas ({@code CLIENT KILL TYPE replica}). A replica paused
     * before this misses every later write: merely paused, it would still read what its socket
     * buffered when it resumes, even from a master killed meanwhile.
     */
    public void dropReplicas() {
        String reply = command("CLIENT KILL TYPE replica");
        if (reply == null || !reply.startsWith(":")) {
            throw new IllegalStateException(this + " did not drop its replicas: " + reply);
        }
    }

    /** Whether every replica connected to this master has acknowledged all it was sent. */
    public boolean replicasCaughtUp() {
        String info = RedisCli.run(port, "INFO", "replication");
        if (info == null || !info.contains("connected_slaves:") || info.contains("connected_slaves:0")) {
            return false;
        }
        String offset = info.lines().filter(l -> l.startsWith("master_repl_offset:")).findFirst().orElseThrow()
                .substring("master_repl_offset:".length()).strip();
        return info.lines().filter(l -> l.matches("slave\\d+:.*"))
                .allMatch(l -> l.contains("state=online") && l.contains(",offset=" + offset + ","));
    }

    @Override
    public void pause() {
        process.pause();
    }

    @Override
    public void resume() {
        process.resume();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void startAgain() {
        launch();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "redis-server on port " + port;
    }
}
