package com.fleetlink.registry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} started by a test on a free loopback port, so the test can kill it,
 * pause it (SIGSTOP), resume it and restart it empty. Nothing is persisted: a restart loses every key,
 * which is exactly the "restarted empty" fault of design §5.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final List<String> extraArgs;
    private final int port;
    private final int tlsPort;
    private Process process;

    private RedisServerProcess(Path dir, int port, int tlsPort, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a free port with the given extra {@code redis-server} arguments. */
    public static RedisServerProcess start(String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("redis-test");
        RedisServerProcess redis = new RedisServerProcess(dir, freePort(), 0, List.of(extraArgs));
        redis.launch();
        return redis;
    }

    /**
     * Starts a server that also listens for TLS on a second free port ({@link #tlsUri()}) with the
     * server certificate of {@code tls}; the plain port stays open for the test's own checks.
     *
     * @param requireClientCert whether clients must present a certificate signed by {@code tls.ca()}
     */
    public static RedisServerProcess startTls(TlsFiles tls, boolean requireClientCert, String... extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("redis-test");
        List<String> args = new ArrayList<>(List.of("--tls-cert-file", tls.serverCert().toString(),
                "--tls-key-file", tls.serverKey().toString(), "--tls-ca-cert-file", tls.ca().toString(),
                "--tls-auth-clients", requireClientCert ? "yes" : "no"));
        args.addAll(List.of(extraArgs));
        RedisServerProcess redis = new RedisServerProcess(dir, freePort(), freePort(), args);
        redis.launch();
        return redis;
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

    /** The process id, e.g. for signals. */
    public long pid() {
        return process.pid();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--protected-mode", "no"));
        if (tlsPort != 0) {
            command.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer PING within " + START_TIMEOUT);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while redis-server started", e);
            }
        }
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

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}: queued commands run now. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    /** SIGKILL, then wait for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port, empty. */
    public void restartEmpty() throws IOException, InterruptedException {
        kill();
        launch();
    }

    @Override
    public void close() {
        if (process != null) {
            signalQuietly();
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signalQuietly() {
        try {
            signal("CONT");
        } catch (IOException | InterruptedException e) {
            // Only resumes a paused server so that it can be killed; a dead one needs nothing.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
