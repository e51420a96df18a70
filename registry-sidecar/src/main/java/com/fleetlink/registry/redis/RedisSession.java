package com.fleetlink.registry.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One connection for a command-line run (replay, send, commands, cancel): connects through
 * {@link RedisConnector}, so every URI form and option the daemon takes works here too, but gives
 * up after a deadline instead of retrying forever.
 */
public final class RedisSession implements AutoCloseable {
    private final ScheduledExecutorService thread;
    private final RedisConnector connector;
    private final RedisClusterAsyncCommands<String, String> commands;

    private RedisSession(ScheduledExecutorService thread, RedisConnector connector, RedisClusterAsyncCommands<String, String> commands) {
        this.thread = thread;
        this.connector = connector;
        this.commands = commands;
    }

    /** Redis did not answer before the deadline; the message names the URI (redacted) and why. */
    public static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Connects, waiting at most {@code deadline}.
     *
     * @throws Unreachable when no connection came up in time
     */
    public static RedisSession open(RedisSettings settings, Duration deadline) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-session");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<RedisClusterAsyncCommands<String, String>> up = new CompletableFuture<>();
        RedisConnector connector = new RedisConnector(settings, thread, new RedisConnector.Listener() {
            @Override
            public void connected(RedisClusterAsyncCommands<String, String> commands) {
                up.complete(commands);
            }

            @Override
            public void disconnected() {
                // A one-shot run does not wait for Redis to come back: its next command fails and says so.
            }

            @Override
            public boolean quiet() {
                return true;
            }
        });
        connector.start();
        try {
            return new RedisSession(thread, connector, up.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(connector, thread);
            throw new Unreachable("interrupted while connecting to Redis at " + settings.redactedUri());
        } catch (Exception e) {
            String why = connector.lastError().isEmpty() ? "no connection within " + deadline.toMillis() + " ms" : connector.lastError();
            close(connector, thread);
            throw new Unreachable("cannot reach Redis at " + settings.redactedUri() + ": " + why);
        }
    }

    /** The connection's commands. */
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    @Override
    public void close() {
        close(connector, thread);
    }

    private static void close(RedisConnector connector, ScheduledExecutorService thread) {
        connector.close();
        thread.shutdownNow();
    }
}
