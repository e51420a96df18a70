package com.fleetlink.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Redis in a {@code redis:7} container of Testcontainers, for a machine with Docker and no
 * {@code redis-server}. It takes the same extra arguments and TLS files as a {@link
 * RedisServerProcess}; the faults do not exist here: pausing, killing or restarting it on the same
 * port would be a signal on a process the test does not own (and a restarted container gets a new
 * mapped port), so each of them skips the calling test, saying why.
 */
final class RedisContainer implements RedisServer {
    private static final DockerImageName IMAGE = DockerImageName.parse("redis:7");
    private static final int PORT = 6379;
    private static final int TLS_PORT = 6380;
    private static final String TLS_DIR = "/tls/";
    private static final String NO_SIGNALS = "this test signals the Redis process (SIGSTOP, SIGKILL or a restart on "
            + "the same port), and Redis runs in a container here: install redis-server to run it";

    private final GenericContainer<?> container;
    private final boolean tls;

    private RedisContainer(GenericContainer<?> container, boolean tls) {
        this.container = container;
        this.tls = tls;
    }

    /** Starts a container running {@code redis-server} with the given extra arguments. */
    static RedisContainer start(String... extraArgs) {
        return launch(new GenericContainer<>(IMAGE).withExposedPorts(PORT), List.of(), extraArgs, false);
    }

    /** Starts one that also listens for TLS, with the certificates of {@code tls} copied in. */
    static RedisContainer startTls(TlsFiles tls, boolean requireClientCert, String... extraArgs) {
        GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(PORT, TLS_PORT)
                .withCopyFileToContainer(MountableFile.forHostPath(tls.serverCert()), TLS_DIR + "server.crt")
                .withCopyFileToContainer(MountableFile.forHostPath(tls.serverKey()), TLS_DIR + "server.key")
                .withCopyFileToContainer(MountableFile.forHostPath(tls.ca()), TLS_DIR + "ca.crt");
        List<String> tlsArgs = List.of("--tls-port", Integer.toString(TLS_PORT),
                "--tls-cert-file", TLS_DIR + "server.crt", "--tls-key-file", TLS_DIR + "server.key",
                "--tls-ca-cert-file", TLS_DIR + "ca.crt", "--tls-auth-clients", requireClientCert ? "yes" : "no");
        return launch(container, tlsArgs, extraArgs, true);
    }

    private static RedisContainer launch(GenericContainer<?> container, List<String> tlsArgs, String[] extraArgs, boolean tls) {
        // The same settings as the local process: nothing saved, reachable through the mapped port.
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no",
                "--protected-mode", "no"));
        command.addAll(tlsArgs);
        command.addAll(List.of(extraArgs));
        container.withCommand(command.toArray(String[]::new)).start();
        return new RedisContainer(container, tls);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PORT);
    }

    @Override
    public String tlsUri() {
        if (!tls) {
            throw new IllegalStateException("started without TLS");
        }
        return "rediss://" + host() + ":" + container.getMappedPort(TLS_PORT);
    }

    @Override
    public void pause() {
        Assumptions.abort(NO_SIGNALS);
    }

    @Override
    public void resume() {
        Assumptions.abort(NO_SIGNALS);
    }

    @Override
    public void kill() {
        Assumptions.abort(NO_SIGNALS);
    }

    @Override
    public void startAgain() {
        Assumptions.abort(NO_SIGNALS);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "redis:7 container at " + host() + ":" + port();
    }
}
