package com.fleetlink.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * The one way tests start Redis: a local {@code redis-server} ({@link RedisServerProcess}) where it is
 * installed, else a {@code redis:7} container through Testcontainers where a Docker engine answers,
 * else a failure saying what to install. {@code -Dfleetlink.test.redis=process|container} forces one
 * side. The choice is made once per JVM and printed as one line at first use, so a run's log says which
 * Redis its tests used.
 */
public final class RedisServers {
    private static RedisSelection.Choice choice;
    private static IllegalStateException unavailable;

    private RedisServers() {
    }

    /** Starts a server with the given extra {@code redis-server} arguments. */
    public static RedisServer start(String... extraArgs) {
        return choice().where() == RedisSelection.Where.PROCESS
                ? RedisServerProcess.start(extraArgs)
                : RedisContainer.start(extraArgs);
    }

    /**
     * Starts a server that also listens for TLS ({@link RedisServer#tlsUri()}) with the server
     * certificate of {@code tls}; the plain port stays open for the test's own checks.
     *
     * @param requireClientCert whether clients must present a certificate signed by {@code tls.ca()}
     */
    public static RedisServer startTls(TlsFiles tls, boolean requireClientCert, String... extraArgs) {
        return choice().where() == RedisSelection.Where.PROCESS
                ? RedisServerProcess.startTls(tls, requireClientCert, extraArgs)
                : RedisContainer.startTls(tls, requireClientCert, extraArgs);
    }

    /**
     * Skips the calling test, saying why, when Redis runs in containers: for the helpers that need
     * {@code redis-server} and {@code redis-cli} on this machine (a cluster, sentinels).
     *
     * @param why what needs the local binaries, for the skip message
     */
    static void assumeLocalProcess(String why) {
        Assumptions.assumeTrue(choice().where() == RedisSelection.Where.PROCESS,
                () -> why + ", and Redis runs in a container here: install redis-server to run this test");
    }

    private static synchronized RedisSelection.Choice choice() {
        if (choice == null && unavailable == null) {
            try {
                choice = RedisSelection.select(System.getProperty(RedisSelection.PROPERTY),
                        RedisSelection.RedisServerLocator.onPath(), DockerProbe.testcontainers());
                // No logging backend is on every module's test classpath: stderr reaches each run's output.
                System.err.println("[testkit] Redis for the tests: " + choice.reason());
            } catch (IllegalStateException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw new IllegalStateException(unavailable.getMessage());
        }
        return choice;
    }
}
