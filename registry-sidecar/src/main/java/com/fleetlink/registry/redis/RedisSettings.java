package com.fleetlink.registry.redis;

import io.lettuce.core.RedisURI;
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
 * @param tls            the CA and client certificate of a {@code rediss://} connection
 */
public record RedisSettings(String uri, boolean cluster, Duration commandTimeout, Duration reconnectCap, RedisTls tls) {
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
        try {
            RedisURI.create(uri);
        } catch (RuntimeException e) {
            // The parser's message quotes the whole URI, password included: name the flag instead.
            throw new IllegalArgumentException("--redis (REDIS_URL) is not a valid Redis URI: " + redact(uri));
        }
        if (tls.configured() && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis-tls-* files need a rediss:// URI (--redis)");
        }
    }

    /** Settings without TLS files (a {@code rediss://} URI then trusts the JVM's default CAs). */
    public RedisSettings(String uri, boolean cluster, Duration commandTimeout, Duration reconnectCap) {
        this(uri, cluster, commandTimeout, reconnectCap, RedisTls.DEFAULTS);
    }

    /**
     * The URI with its user-info password replaced, safe for logs and status output.
     */
    public String redactedUri() {
        return redact(uri);
    }

    private static String redact(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int start = scheme + 3;
        // The last @ anywhere: a password may hold '/', ':' or '@'; hiding too much is harmless.
        int at = uri.lastIndexOf('@');
        if (at < start) {
            return uri;
        }
        int colon = uri.indexOf(':', start);
        String user = colon >= 0 && colon < at ? uri.substring(start, colon + 1) : "";
        return uri.substring(0, start) + user + "***" + uri.substring(at);
    }

    /** Settings-level failures carry no secret: the URI itself is never part of a message. */
    @Override
    public String toString() {
        return "RedisSettings[" + redactedUri() + ", cluster=" + cluster + "]";
    }
}
