package com.fleetlink.registry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A connector on a lent event loop against a real {@code redis-server}: answers, timeouts and
 * reconnects all reach their callbacks on that loop's thread, so the core that sends from it sees
 * them without a hop, and Lettuce's own I/O and computation threads have nothing left to do.
 */
@Tag("integration")
class RedisConnectorOnEventLoopIntegrationTest {
    private static final long DEADLINE_SECONDS = 10;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<RedisClusterAsyncCommands<String, String>> firstConnection = new CompletableFuture<>();
    private EventLoopGroup group;
    private Thread loopThread;
    private RedisServer redis;
    private RedisConnector connector;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loopThread = group.submit(Thread::currentThread).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        redis = RedisServers.start();
        connector = RedisConnector.onEventLoop(new RedisSettings(redis.uri(), false, Duration.ofMillis(300),
                Duration.ofMillis(100)), group, new RecordingListener());
        connector.start();
    }

    @AfterEach
    void stop() {
        connector.close();
        redis.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void answer_whenSentFromTheLoop_thenCompletesOnTheLoop() throws Exception {
        RedisClusterAsyncCommands<String, String> commands = firstConnection.get(DEADLINE_SECONDS, TimeUnit.SECONDS);

        assertThat(nextEvent()).isEqualTo("connected on loop");
        assertThat(threadOfOutcome(commands, RedisClusterAsyncCommands::ping)).isEqualTo("PONG on loop");
    }

    @Test
    void timeout_whenRedisIsPaused_thenFailsOnTheLoop() throws Exception {
        RedisClusterAsyncCommands<String, String> commands = firstConnection.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        redis.pause();
        try {
            assertThat(threadOfOutcome(commands, RedisClusterAsyncCommands::ping))
                    .isEqualTo(RedisCommandTimeoutException.class.getSimpleName() + " on loop");
        } finally {
            redis.resume();
        }
    }

    @Test
    void reconnect_whenRedisRestarts_thenAnnouncedOnTheLoopAndAnswersThere() throws Exception {
        firstConnection.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(nextEvent()).isEqualTo("connected on loop");

        redis.restartEmpty();

        assertThat(nextEvent()).isEqualTo("disconnected on loop");
        assertThat(nextEvent()).isEqualTo("connected on loop");
        assertThat(threadOfOutcome(connector.commands(), RedisClusterAsyncCommands::ping)).isEqualTo("PONG on loop");
    }

    /** Sends from the loop, as the core does; answers the outcome and the thread it was seen on. */
    private String threadOfOutcome(RedisClusterAsyncCommands<String, String> commands,
                                   Function<RedisClusterAsyncCommands<String, String>, CompletionStage<String>> command)
            throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        group.execute(() -> command.apply(commands).whenComplete((value, error) ->
                seen.complete((error == null ? value : rootCause(error).getClass().getSimpleName()) + on())));
        return seen.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private String nextEvent() throws InterruptedException {
        String event = events.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(event).as("a connection event within " + DEADLINE_SECONDS + " s").isNotNull();
        return event;
    }

    private String on() {
        return Thread.currentThread() == loopThread ? " on loop" : " on " + Thread.currentThread().getName();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private final class RecordingListener implements RedisConnector.Listener {
        @Override
        public void connected(RedisClusterAsyncCommands<String, String> commands) {
            events.add("connected" + on());
            firstConnection.complete(commands);
        }

        @Override
        public void disconnected() {
            events.add("disconnected" + on());
        }

        @Override
        public boolean quiet() {
            return true;
        }
    }
}
