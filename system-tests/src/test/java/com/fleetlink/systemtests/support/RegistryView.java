package com.fleetlink.systemtests.support;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The registry as other systems see it: the test reads {@code connections:registry} and the
 * heartbeat keys like Directus or a janitor would, and writes like an older instance would.
 * Commands fail fast while Redis is down instead of queueing, so polls keep their deadlines.
 */
public final class RegistryView implements AutoCloseable {
    public static final String HASH = "connections:registry";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    private RegistryView(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
    }

    /** Connects to the Redis at {@code uri}. */
    public static RegistryView connect(String uri) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        return new RegistryView(client, client.connect());
    }

    /** {@code HGET connections:registry imei}: the instance holding the device, or {@code null}. */
    public String owner(String imei) {
        return redis.hget(HASH, imei);
    }

    /** {@code HLEN connections:registry}. */
    public long size() {
        return redis.hlen(HASH);
    }

    /** {@code HGETALL connections:registry}. */
    public Map<String, String> entries() {
        return redis.hgetall(HASH);
    }

    /** {@code DEL connections:registry}, as a janitor or an operator wiping it would. */
    public void wipe() {
        redis.del(HASH);
    }

    /** {@code HDEL connections:registry imei}. */
    public void delete(String imei) {
        redis.hdel(HASH, imei);
    }

    /** {@code DEL instance:heartbeat:<id>}. */
    public void deleteHeartbeat(String instanceId) {
        redis.del(heartbeatKey(instanceId));
    }

    /** The heartbeat key's name for {@code instanceId}. */
    public static String heartbeatKey(String instanceId) {
        return "instance:heartbeat:" + instanceId;
    }

    /** Whether {@code instance:heartbeat:<id>} exists: whether the instance counts as alive. */
    public boolean heartbeatExists(String instanceId) {
        return redis.exists(heartbeatKey(instanceId)) == 1;
    }

    /** The heartbeat's remaining time to live in ms; -2 when the key does not exist, -1 when it has no expiry. */
    public long heartbeatPttl(String instanceId) {
        return redis.pttl(heartbeatKey(instanceId));
    }

    /** The heartbeat's value (ms timestamp as text), or {@code null}. */
    public String heartbeatValue(String instanceId) {
        return redis.get(heartbeatKey(instanceId));
    }

    /**
     * What an instance running the original task's code does: its heartbeat ({@code SET … EX 90})
     * and a plain {@code HSET} of the device, with no compare of any kind.
     */
    public void legacyRegister(String imei, String instanceId) {
        redis.set(heartbeatKey(instanceId), Long.toString(System.currentTimeMillis()), SetArgs.Builder.ex(90));
        redis.hset(HASH, imei, instanceId);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
