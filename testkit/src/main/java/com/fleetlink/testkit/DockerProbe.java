package com.fleetlink.testkit;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, for the helpers that fall back to Testcontainers. */
@FunctionalInterface
interface DockerProbe {
    boolean answers();

    /** Asks Testcontainers, which tries the environment's Docker settings and the usual sockets. */
    static DockerProbe testcontainers() {
        return () -> DockerClientFactory.instance().isDockerAvailable();
    }
}
