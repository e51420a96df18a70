package com.fleetlink.registry.testkit;

import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code redis-server} and one client connection for a whole test class, emptied before each
 * test. Register as a static field with {@code @RegisterExtension}.
 */
public final class SharedRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private RedisServer redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        connection.sync().flushall();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        connection.close();
        client.shutdown();
        redis.close();
    }

    /** The server's URI. */
    public String uri() {
        return redis.uri();
    }

    /** Blocking commands on the shared connection. */
    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** Asynchronous commands on the shared connection. */
    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** A new pub/sub connection of the shared client; the caller closes it. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }
}
