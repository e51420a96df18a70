package com.fleetlink.ingestion.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the registry client, checked when built.
 *
 * @param socket        the sidecar's Unix socket
 * @param queueCapacity events that may wait for the writer; more are dropped and repaired by a snapshot
 * @param minBackoff    first wait before reconnecting to an absent sidecar
 * @param maxBackoff    the wait doubles up to this
 */
public record RegistryClientConfig(Path socket, int queueCapacity, Duration minBackoff, Duration maxBackoff) {
    /** Room for a burst of reconnecting devices; one event is about 100 bytes. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** Design §7: reconnect backoff starts at 50 ms. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(50);
    /** Design §7: reconnect backoff doubles to at most 1 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);

    public RegistryClientConfig {
        Objects.requireNonNull(socket, "socket");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("registry queue capacity must be at least 1, not " + queueCapacity);
        }
        if (minBackoff.isNegative() || minBackoff.isZero()) {
            throw new IllegalArgumentException("registry reconnect backoff must be positive");
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("registry maximum backoff must not be below the minimum");
        }
    }

    /** Every default, talking to the sidecar at {@code socket}. */
    public static RegistryClientConfig defaults(Path socket) {
        return new RegistryClientConfig(socket, DEFAULT_QUEUE_CAPACITY, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** This configuration with another queue capacity. */
    public RegistryClientConfig withQueueCapacity(int capacity) {
        return new RegistryClientConfig(socket, capacity, minBackoff, maxBackoff);
    }
}
