package com.fleetlink.registry.command.cli;

import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.redis.RedisSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags {@code send}, {@code commands} and {@code cancel} share: which Redis, and how its command keys are kept. */
public final class CommandRedisOptions {
    @Option(names = "--redis", paramLabel = "REDIS_URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Lettuce URI of the Redis holding commands: redis://, rediss://, redis://user:password@host, "
                    + "redis-sentinel:// (REDIS_URL, default ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--redis-cluster", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:REDIS_CLUSTER:-false}",
            description = "Connect as a Redis Cluster client (REDIS_CLUSTER, default ${DEFAULT-VALUE}).")
    boolean cluster;

    // Longer than the daemon's per-command 2 s: a one-shot JVM connects cold, often beside busy ones.
    @Option(names = "--redis-timeout", paramLabel = "DURATION", defaultValue = "${env:REDIS_COMMAND_TIMEOUT:-5s}",
            description = "Give up on Redis after this long, connecting or per command; exit 3 (REDIS_COMMAND_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--command-retention", paramLabel = "DURATION", defaultValue = "${env:COMMAND_RETENTION:-24h}",
            description = "How long a finished command stays readable; use the sidecar's value (COMMAND_RETENTION, default ${DEFAULT-VALUE}).")
    Duration retention;

    RedisSettings settings() {
        return new RedisSettings(uri, cluster, timeout, RedisSettings.DEFAULT_RECONNECT_CAP);
    }

    CommandStoreOptions storeOptions(int queueLimit) {
        return new CommandStoreOptions(queueLimit, retention, CommandStoreOptions.DEFAULT_STREAM_MAX_LEN);
    }
}
