package com.fleetlink.registry.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.EventLogJournal;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.janitor.JanitorOptions;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A janitor's deletions in the event log: {@code replay} shows each one, and {@code --apply} makes it. */
@Tag("integration")
class JanitorReplayIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REGISTRY = ConnectionRegistry.REGISTRY_KEY;

    @TempDir
    Path dir;

    private static Map<String, String> fields(String owner, int count, long first) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < count; i++) {
            fields.put(Long.toString(first + i), owner);
        }
        return fields;
    }

    @Test
    void janitorDeletions_areShownByReplay_andAppliedByReplayApply() throws Exception {
        Path log = dir.resolve("event-log");
        Map<String, String> dead = fields("pod-dead", 7, 356307040000000L);
        try (RedisServer redis = RedisServers.start(); EventLogJournal journal = EventLogJournal.open(log)) {
            RedisClient client = RedisClient.create(redis.uri());
            try {
                RedisCommands<String, String> sync = client.connect().sync();
                sync.hset(REGISTRY, dead);
                Path socket = dir.resolve("registry.sock");
                SidecarDaemon daemon = SidecarHarness.start(SidecarHarness.options("pod-a"),
                        new JanitorOptions(Duration.ofMillis(200), 0, JanitorOptions.DEFAULT_BREAKER_HOLD, false, true),
                        SidecarHarness.redisSettings(redis.uri(), false), LocalSocketSettings.defaults(socket), journal);
                try (LocalClient ingestion = LocalClient.attachEmpty(socket, "boot-1", WAIT)) {
                    Poll.until(WAIT, "the dead instance's fields swept", () -> sync.hlen(REGISTRY) == 0);
                } finally {
                    daemon.close();
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }

        CommandRun shown = CommandRun.execute("replay", log.toString());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        dead.keySet().forEach(imei -> assertThat(shown.out()).contains("janitor_delete").contains(imei));

        try (RedisServer scratch = RedisServers.start()) {
            RedisClient client = RedisClient.create(scratch.uri());
            try {
                RedisCommands<String, String> sync = client.connect().sync();
                sync.hset(REGISTRY, dead);
                Map<String, String> live = fields("pod-live", 3, 356307049000000L);
                sync.hset(REGISTRY, live);
                sync.set(ConnectionRegistry.heartbeatKey("pod-live"), "1", SetArgs.Builder.ex(60));

                CommandRun applied = CommandRun.execute("replay", log.toString(), "--apply", scratch.uri(), "--force");
                assertThat(applied.exitCode()).as(applied.err()).isZero();
                assertThat(sync.hgetall(REGISTRY)).isEqualTo(live);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }
}
