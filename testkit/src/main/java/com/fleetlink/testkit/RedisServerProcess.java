package com.fleetlink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, which its owner can kill, pause (SIGSTOP),
 * resume and start again empty. Nothing is persisted: a restart loses every key, which is exactly
 * the "restarted empty" fault of design §5. Its logs go to its directory, one pair of files per life.
 */
public final class RedisServerProcess implements AutoCloseable {
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

    /** The {@code rediss://} URI of the TLS port. */
    public String tlsUri() {
        if (tlsPort == 0) {
            throw new IllegalStateException("started without TLS");
        }
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** The port it listens on; the same across restarts. */
    public int port() {
        return port;
    }

    /** A Lettuce URI for it. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The process id of its current life. */
    public long pid() {
        return process.pid();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
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

    /** Sends a raw inline command and returns the first reply line, or null when nothing answers. */
    public String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
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

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}: queued commands run now. */
    public void resume() {
        process.resume();
    }

    /** SIGKILL, waiting until it is gone: nothing is saved, and clients see their connections reset. */
    public void kill() {
        process.kill();
    }

    /** Starts an empty server on the same port after {@link #kill()}; returns once it answers PING. */
    public void startAgain() {
        launch();
    }

    /** {@link #kill()} and {@link #startAgain()}. */
    public void restartEmpty() {
        kill();
        startAgain();
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
