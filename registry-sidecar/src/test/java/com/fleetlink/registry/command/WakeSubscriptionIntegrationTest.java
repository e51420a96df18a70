package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.redis.RedisConnector;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Wake-up hints reach the instance they name, and keep reaching it after Redis restarted. */
@Tag("integration")
class WakeSubscriptionIntegrationTest {
    private static final String IMEI = "356307042441013";

    @Test
    void wake_whenRedisRestartedInBetween_thenTheSubscriptionIsBackAndHintsArrive() throws Exception {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        BlockingQueue<String> hints = new LinkedBlockingQueue<>();
        try (RedisServer redis = RedisServers.start()) {
            RedisConnector connector = new RedisConnector(new RedisSettings(redis.uri(), false, Duration.ofSeconds(2),
                    Duration.ofMillis(200)), thread, new RedisConnector.Listener() {
                @Override
                public void connected(RedisClusterAsyncCommands<String, String> commands) {
                    // The test publishes through its own connection.
                }

                @Override
                public void disconnected() {
                    // Lettuce reconnects the subscription itself.
                }
            });
            connector.start();
            Poll.until(Duration.ofSeconds(5), "the connector to connect", connector::isConnected);
            try (WakeSubscription ignored = WakeSubscription.open(connector, "instance-a", hints::add).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS)) {
                assertThat(publish(redis, "not-an-imei") + publish(redis, IMEI)).isEqualTo(2);
                assertThat(hints.poll(5, TimeUnit.SECONDS)).isEqualTo(IMEI);

                redis.restartEmpty();

                Poll.until(Duration.ofSeconds(10), "the subscription to be back", () -> publish(redis, IMEI) == 1);
                assertThat(hints.poll(5, TimeUnit.SECONDS)).isEqualTo(IMEI);
                assertThat(hints).allMatch(IMEI::equals);
            } finally {
                connector.close();
            }
        } finally {
            thread.shutdownNow();
        }
    }

    /** Publishes a hint for instance-a from a fresh connection; how many subscribers got it. */
    private static long publish(RedisServer redis, String message) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().publish(CommandKeys.wakeChannel("instance-a"), message);
        } finally {
            client.shutdown();
        }
    }
}
