package com.fleetlink.registry.redis;

import java.time.Duration;

/**
 * How the sidecar reaches Redis.
 *
 * @param uri            a Lettuce URI: {@code redis://}, {@code rediss://} (TLS), with ACL user and
 *                       password ({@code redis://user:pass@host}), or {@code redis-sentinel://}
 * @param cluster        connect as a Redis Cluster client; the registry is one hash key, so every
 *                       script stays in one slot
 * @param commandTimeout a command without an answer this long fails (its effect is then unknown)
 * @param reconnectCap   the longest pause between reconnect attempts (jittered below it)
 */
public record RedisSettings(String uri, boolean cluster, Duration commandTimeout, Duration reconnectCap) {
    /** Short enough that a paused Redis is noticed within a heartbeat interval. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Design §7: the sidecar's Redis reconnect backoff is capped at 2 s. */
    public static final Duration DEFAULT_RECONNECT_CAP = Duration.ofSeconds(2);

    public RedisSettings {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a Redis URI is required (--redis or REDIS_URL)");
        }
        if (commandTimeout.isZero() || commandTimeout.isNegative()) {
            throw new IllegalArgumentException("the Redis command timeout must be positive");
        }
    }

    /** The URI with any password replaced, safe for logs and status output. */
    public String redactedUri() {
        return uri.replaceAll("(://[^:@/]*:)[^@/]*@", "$1***@").replaceAll("(://)[^:@/]+@", "$1***@");
    }
}
