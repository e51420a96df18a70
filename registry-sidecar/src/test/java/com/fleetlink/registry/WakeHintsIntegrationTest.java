package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.redis.RedisConnector;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The daemon's wake-up subscription against a real {@code redis-server}, around the daemon's close. */
@Tag("integration")
class WakeHintsIntegrationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Set<Thread.State> WAITING = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING);

    /**
     * The race of a subscription that completes after the daemon began closing, made deterministic by
     * holding the hints' lock: the subscription's completion waits for it on its Lettuce event loop
     * while the client's shutdown queues its connection's close on that loop. Released, the late
     * subscription closes itself there; had it waited for that close, which needs the very loop it
     * blocks, the shutdown would never end.
     */
    @Test
    void close_whenTheSubscriptionCompletesAfterTheCloseBegan_thenTheConnectorStillCloses() throws Exception {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        try (RedisServer redis = RedisServers.start()) {
            // Never started: the subscription is its client's only connection, so no other close can take its loop.
            RedisConnector connector = new RedisConnector(new RedisSettings(redis.uri(), false, Duration.ofSeconds(5),
                    Duration.ofMillis(200)), thread, new NoticeNothing());
            WakeHints hints = new WakeHints("instance-a", imei -> { });
            Thread closer = new Thread(connector::close, "connector-close");
            // A daemon thread: when the close hangs, the failed test must not keep the JVM alive.
            closer.setDaemon(true);
            synchronized (hints) {
                hints.connected(connector);
                hints.close();
                Poll.until(DEADLINE, "the subscription's completion to wait for the hints on a Lettuce event loop",
                        () -> Thread.getAllStackTraces().entrySet().stream().anyMatch(e ->
                                e.getKey().getState() == Thread.State.BLOCKED && runs(e.getValue(), WakeHints.class, "opened")));
                closer.start();
                Poll.until(DEADLINE, "the client's shutdown to wait for the subscription's connection to close",
                        () -> WAITING.contains(closer.getState()) && runs(closer.getStackTrace(), RedisConnector.class, "close"));
            }

            closer.join(DEADLINE.toMillis());

            assertThat(closer.isAlive()).as("the connector's close, still waiting " + DEADLINE.toSeconds() + " s later: "
                    + Arrays.toString(closer.getStackTrace())).isFalse();
        } finally {
            thread.shutdownNow();
        }
    }

    private static boolean runs(StackTraceElement[] stack, Class<?> type, String method) {
        return Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(type.getName()) && f.getMethodName().equals(method));
    }

    /** The connector is never started, so it announces nothing. */
    private static final class NoticeNothing implements RedisConnector.Listener {
        @Override
        public void connected(RedisClusterAsyncCommands<String, String> commands) {
            // Never called: the connector is not started.
        }

        @Override
        public void disconnected() {
            // Never called: the connector is not started.
        }
    }
}
