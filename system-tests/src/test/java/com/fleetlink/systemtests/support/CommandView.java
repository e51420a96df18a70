package com.fleetlink.systemtests.support;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Commands as a caller polling Redis sees them: the command hash of docs/commands.md
 * ({@code fleetlink:cmd:{IMEI}:c:ID}) and Redis' own clock, in which every time of the hash is written.
 */
public final class CommandView implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    private CommandView(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
        this.redis = connection.sync();
    }

    /** Connects to the Redis at {@code uri}; commands fail fast while it is away, so polls keep their deadlines. */
    public static CommandView connect(String uri) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        return new CommandView(client);
    }

    /** The command's hash fields; empty when there is no such command. */
    public Map<String, String> command(String imei, String id) {
        return redis.hgetall("fleetlink:cmd:{" + imei + "}:c:" + id);
    }

    /** The command's {@code status}, or {@code null}. */
    public String status(String imei, String id) {
        return command(imei, id).get("status");
    }

    /** Redis' {@code TIME} in ms since the epoch. */
    public long nowMillis() {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
