package com.fleetlink.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Decides where the tests' Redis runs, from the two facts that matter (is {@code redis-server}
 * installed, does a Docker engine answer) and the {@value #PROPERTY} system property. A local
 * process comes first: the fault tests signal it, and CI has no Docker engine. Docker is asked
 * only when the process cannot be had, so the default path never touches Testcontainers.
 */
final class RedisSelection {
    /** System property forcing one side: {@code process} or {@code container}. */
    static final String PROPERTY = "fleetlink.test.redis";

    private static final String INSTALL_REDIS = "apt-get install redis-server";
    private static final String START_DOCKER = "start a Docker engine";

    /** Where a test's Redis runs. */
    enum Where {
        /** A {@link RedisServerProcess}: signals work. */
        PROCESS,
        /** A {@link RedisContainer} of Testcontainers: no signals. */
        CONTAINER
    }

    /** Whether {@code redis-server} can be started the way {@link ChildProcess} starts it. */
    @FunctionalInterface
    interface RedisServerLocator {
        boolean installed();

        /**
         * Looks on the {@code PATH}: that is where {@link ProcessBuilder} resolves the bare
         * {@code redis-server} command, so a binary elsewhere could not be started anyway.
         */
        static RedisServerLocator onPath() {
            return () -> Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                    .filter(dir -> !dir.isEmpty())
                    .map(dir -> Path.of(dir, "redis-server"))
                    .anyMatch(Files::isExecutable);
        }
    }

    /** The choice and the one line that says why, for the log. */
    record Choice(Where where, String reason) {
    }

    private RedisSelection() {
    }

    /**
     * Picks where Redis runs.
     *
     * @param forced the {@value #PROPERTY} value, or {@code null} when unset
     * @throws IllegalStateException with one line saying what to install when the choice cannot be had
     */
    static Choice select(String forced, RedisServerLocator redisServer, DockerProbe docker) {
        if (forced == null || forced.isBlank()) {
            return byAvailability(redisServer, docker);
        }
        switch (forced.strip()) {
            case "process":
                if (!redisServer.installed()) {
                    throw new IllegalStateException(PROPERTY + "=process, but redis-server is not on the PATH: " + INSTALL_REDIS);
                }
                return new Choice(Where.PROCESS, "redis-server on the PATH, as " + PROPERTY + "=process asks");
            case "container":
                if (!docker.answers()) {
                    throw new IllegalStateException(PROPERTY + "=container, but no Docker engine answers: " + START_DOCKER);
                }
                return new Choice(Where.CONTAINER, "a redis:7 container, as " + PROPERTY + "=container asks");
            default:
                throw new IllegalStateException(PROPERTY + "=" + forced + " is neither process nor container");
        }
    }

    private static Choice byAvailability(RedisServerLocator redisServer, DockerProbe docker) {
        if (redisServer.installed()) {
            return new Choice(Where.PROCESS, "redis-server on the PATH");
        }
        if (docker.answers()) {
            return new Choice(Where.CONTAINER, "a redis:7 container, since redis-server is not on the PATH"
                    + " (tests that signal the Redis process skip)");
        }
        throw new IllegalStateException("The tests need Redis: " + INSTALL_REDIS + ", or " + START_DOCKER
                + " for Testcontainers (redis-server is not on the PATH and no Docker engine answers)");
    }
}
