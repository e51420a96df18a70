package com.fleetlink.registry.socket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How the local socket is bound and who may use it.
 *
 * @param path           the socket file
 * @param peers          whose peer credentials are accepted
 * @param maxConnections most local connections open at once (the ingestion needs one, each
 *                       operator command one more for a moment); further ones are closed at accept
 */
public record LocalSocketSettings(Path path, PeerCredentialPolicy peers, int maxConnections) {
    /** Room for the ingestion, a replacing ingestion and a burst of operator commands. */
    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    /** A connection that has not said what it is after this long is closed. */
    static final Duration FIRST_LINE_TIMEOUT = Duration.ofSeconds(10);
    /** A control reply the client has not taken after this long is dropped with its connection. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    public LocalSocketSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-local-connections must be at least 1, was " + maxConnections);
        }
    }

    /** {@code path} with this process's credential policy and the default connection cap. */
    public static LocalSocketSettings defaults(Path path) {
        return new LocalSocketSettings(path, PeerCredentialPolicy.ofThisProcess(Set.of()), DEFAULT_MAX_CONNECTIONS);
    }
}
