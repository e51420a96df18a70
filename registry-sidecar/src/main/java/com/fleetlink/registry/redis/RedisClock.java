package com.fleetlink.registry.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * This host's estimate of Redis' clock. Every write carries the time it was decided in Redis'
 * terms, so the scripts can judge freshness with {@code TIME} whatever the skew between hosts.
 * The offset is measured on every (re)connect, from the midpoint of a {@code TIME} round trip.
 */
public final class RedisClock {
    private volatile long offsetMillis;

    /** Redis' time now, as best this host knows, in ms since the epoch. */
    public long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /** The last measured offset (Redis minus local), in ms. */
    public long offsetMillis() {
        return offsetMillis;
    }

    /** Measures the offset again; completes with the new offset. */
    public CompletionStage<Long> synchronize(RedisClusterAsyncCommands<String, String> redis) {
        long before = System.currentTimeMillis();
        return redis.time().thenApply((List<String> time) -> {
            long after = System.currentTimeMillis();
            long redisMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            offsetMillis = redisMillis - (before + after) / 2;
            return offsetMillis;
        });
    }
}
