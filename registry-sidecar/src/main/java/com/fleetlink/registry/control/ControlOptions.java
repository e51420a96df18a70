package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.local.LocalProtocol;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags every control command shares: where the sidecar's socket is (the same flag and
 * environment variable as {@code run}'s) and how long to wait for its answer. Mixed in with
 * {@code @Mixin}.
 */
public final class ControlOptions {
    /** How long a request that only reads (status) waits by default. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long a request that waits for Redis to do work (flush, release) waits by default. */
    static final Duration WORK_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "${env:REGISTRY_SOCKET:-" + LocalProtocol.DEFAULT_SOCKET_PATH + "}",
            description = "The sidecar's Unix socket (REGISTRY_SOCKET, default ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "${env:CONTROL_TIMEOUT}",
            description = "Give up when the sidecar has not answered this long; exit 3 (CONTROL_TIMEOUT, "
                    + "default 5s for status, 15s for flush and release, which wait for Redis).")
    Duration timeout;

    /** A client for the socket, with the command's own default deadline unless one was given. */
    ControlClient client(Duration defaultTimeout) {
        Duration chosen = timeout == null ? defaultTimeout : timeout;
        if (chosen.isZero()) {
            throw new CommandFailure.Usage("--timeout must be positive");
        }
        return new ControlClient(socket, chosen);
    }
}
