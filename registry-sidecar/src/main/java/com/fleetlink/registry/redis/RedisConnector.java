package com.fleetlink.registry.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.AbstractRedisClient;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the Lettuce client, configured so that an outage costs nothing (invariant 2): commands are
 * rejected at once while disconnected instead of queueing, every command has a short timeout, and
 * reconnects back off with jitter up to a cap. Lettuce only reconnects a connection it once had,
 * so the first connection is retried here, with the same backoff, until Redis answers.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);
    /**
     * Commands Lettuce may hold unanswered. The core sends nothing new while Redis does not answer
     * (it only probes), so this is far above normal use; it bounds memory if that ever fails.
     */
    static final int REQUEST_QUEUE_SIZE = 10_000;

    /** Told when the connection comes up or goes down; called on Lettuce's threads. */
    public interface Listener {
        /** A (re)connection is up and {@code commands} may be used. */
        void connected(RedisClusterAsyncCommands<String, String> commands);

        /** The connection went down; commands fail until the next {@link #connected}. */
        void disconnected();

        /**
         * Whether the connector keeps its connection events (connected, unreachable and retrying,
         * disconnected) out of the log. The daemon logs them (the default); a one-shot command
         * says what became of Redis in its own single line.
         */
        default boolean quiet() {
            return false;
        }
    }

    private final RedisSettings settings;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final ScheduledExecutorService retries;
    private final Listener listener;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile boolean connected;
    private volatile String lastError = "";
    private volatile boolean closed;
    private int attempt;

    public RedisConnector(RedisSettings settings, ScheduledExecutorService retries, Listener listener) {
        this.settings = settings;
        this.retries = retries;
        this.listener = listener;
        Duration cap = settings.reconnectCap();
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), cap, 100, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.uri());
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        SslOptions ssl = settings.tls().sslOptions();
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            cluster.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE_SIZE)
                    .timeoutOptions(timeouts).socketOptions(socket).sslOptions(ssl).build());
            this.client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources, uri);
            single.setOptions(ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(REQUEST_QUEUE_SIZE)
                    .timeoutOptions(timeouts).socketOptions(socket).sslOptions(ssl).build());
            this.client = single;
        }
        // On the client, before any connection exists, so that a drop right after connecting is not missed.
        client.addListener(new StateListener());
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        retries.execute(this::tryConnect);
    }

    private void tryConnect() {
        if (closed) {
            return;
        }
        connectAsync().whenComplete((conn, error) -> {
            if (error != null) {
                lastError = RedisErrorText.oneLine(error);
                long delay = Math.min(settings.reconnectCap().toMillis(), 50L << Math.min(attempt++, 6));
                if (!listener.quiet()) {
                    log.warn("redis {} unreachable ({}); retrying in {} ms", settings.redactedUri(), lastError, delay);
                }
                if (!closed) {
                    retries.schedule(this::tryConnect, delay, TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (closed) {
                conn.closeAsync();
                return;
            }
            connection = conn;
            markConnected();
        });
    }

    private CompletableFuture<StatefulConnection<String, String>> connectAsync() {
        if (client instanceof RedisClusterClient cluster) {
            // An asynchronous cluster connect needs the topology first; the synchronous one loads it itself.
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectAsync(StringCodec.UTF8)).thenApply(c -> {
                commands = ((StatefulRedisClusterConnection<String, String>) c).async();
                return c;
            });
        }
        RedisClient single = (RedisClient) client;
        return single.connectAsync(StringCodec.UTF8, RedisURI.create(settings.uri())).toCompletableFuture().thenApply(c -> {
            commands = ((StatefulRedisConnection<String, String>) c).async();
            return c;
        });
    }

    /**
     * Announces the connection once, whichever of the connect completion and the listener comes first.
     * Under the lock the drop listener takes: Lettuce closes the connection before it reports the drop,
     * so a drop reported before this point finds nothing announced and leaves the connection closed here,
     * and one reported after finds it announced; either way the core hears the two in the order they happened.
     */
    private synchronized void markConnected() {
        if (connected || !connection.isOpen()) {
            return;
        }
        connected = true;
        lastError = "";
        if (!listener.quiet()) {
            log.info("redis {} connected", settings.redactedUri());
        }
        listener.connected(commands);
    }

    /**
     * Opens a pub/sub connection on the same client, options and URI. Lettuce reconnects it on its own
     * and subscribes again to its channels after every reconnect.
     */
    public CompletionStage<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.connectPubSubAsync(StringCodec.UTF8).thenApply(c -> c);
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, RedisURI.create(settings.uri()));
    }

    /** Whether commands can be sent right now. */
    public boolean isConnected() {
        return connected;
    }

    /** The commands of the current connection, or {@code null} before the first connection. */
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /** The last connection error, empty while connected. Never contains the password. */
    public String lastError() {
        return lastError;
    }

    /** The URI with its password redacted. */
    public String redactedUri() {
        return settings.redactedUri();
    }

    @Override
    public void close() {
        closed = true;
        StatefulConnection<String, String> conn = connection;
        if (conn != null) {
            conn.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Whether an event concerns the connection the commands use. The client also reports connections
     * of its own: with a {@code redis-sentinel://} URI, the short-lived ones to a sentinel that look the
     * master up on every (re)connect; on a cluster, those of every node and of each topology refresh.
     * Heeded, they announced a connection while the master was still unreachable, and their closing
     * marked a working connection as down, so the core stopped heartbeating through a failover.
     */
    private boolean isOurs(RedisChannelHandler<?, ?> handler) {
        return handler == connection;
    }

    private final class StateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            // Before the first connect completed, tryConnect announces it.
            if (!connected && connection != null && isOurs(handler)) {
                markConnected();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            synchronized (RedisConnector.this) {
                disconnected(handler);
            }
        }

        private void disconnected(RedisChannelHandler<?, ?> handler) {
            if (connected && isOurs(handler)) {
                connected = false;
                lastError = "disconnected";
                if (!closed && !listener.quiet()) {
                    // Our own close is no news; only a connection lost while in use is worth a warning.
                    log.warn("redis {} disconnected", settings.redactedUri());
                }
                listener.disconnected();
            }
        }

        @Override
        public void onRedisExceptionCaught(RedisChannelHandler<?, ?> handler, Throwable cause) {
            lastError = RedisErrorText.oneLine(cause);
        }
    }
}
