package com.fleetlink.registry.command.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The business-plane ACL of docs/commands.md, read from the document itself and applied to a real
 * {@code redis-server}: with it, send, commands and cancel work, the registry reads, and the registry
 * refuses writes.
 */
@Tag("integration")
class CommandAclIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final String PASSWORD = "business-plane-secret";

    /** The {@code ACL SETUSER} recipe of the docs, as arguments after {@code ACL}. */
    private static List<String> recipe() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "commands.md"));
        int start = doc.indexOf("ACL SETUSER directus");
        String block = doc.substring(start, doc.indexOf("```", start)).replace("CHANGE-ME", PASSWORD);
        List<String> words = Arrays.asList(block.trim().split("\\s+"));
        return words.subList(1, words.size());
    }

    @Test
    void businessPlaneUser_whenGivenTheDocumentedAcl_thenRunsCommandsAndOnlyReadsTheRegistry() throws Exception {
        try (RedisServer redis = RedisServers.start()) {
            RedisClient admin = RedisClient.create(redis.uri());
            RedisClient business = RedisClient.create("redis://directus:" + PASSWORD + "@127.0.0.1:" + redis.port());
            try (StatefulRedisConnection<String, String> root = admin.connect()) {
                CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
                recipe().forEach(args::add);
                root.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
                root.sync().hset(ConnectionRegistry.REGISTRY_KEY, IMEI, "instance-a");
                String uri = "redis://directus:" + PASSWORD + "@127.0.0.1:" + redis.port();

                CommandRun sent = CommandRun.execute("send", "--redis", uri, "--imei", IMEI, "--text", "getver", "--id", "c1");
                CommandRun listed = CommandRun.execute("commands", "--redis", uri, "--imei", IMEI, "--json");
                CommandRun cancelled = CommandRun.execute("cancel", "--redis", uri, "--imei", IMEI, "--id", "c1");

                assertThat(sent.exitCode()).as(sent.err()).isZero();
                assertThat(listed.exitCode()).as(listed.err()).isZero();
                assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
                try (StatefulRedisConnection<String, String> plane = business.connect()) {
                    RedisCommands<String, String> sync = plane.sync();
                    assertThat(sync.hget(ConnectionRegistry.REGISTRY_KEY, IMEI)).isEqualTo("instance-a");
                    assertThatThrownBy(() -> sync.hset(ConnectionRegistry.REGISTRY_KEY, IMEI, "intruder"))
                            .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
                    assertThatThrownBy(() -> sync.hdel(ConnectionRegistry.REGISTRY_KEY, IMEI))
                            .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
                }
            } finally {
                admin.shutdown();
                business.shutdown();
            }
        }
    }
}
