package com.fleetlink.registry.command;

import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.redis.RedisConnector;
import com.fleetlink.registry.redis.StoreFailures;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Listens on this instance's wake-up channel ({@code fleetlink:cmd:wake:<instance>}) and hands each
 * hinted IMEI to a consumer, on Lettuce's thread (the consumer hops onto its own loop). Lettuce
 * subscribes again after every reconnect; hints published while disconnected are lost, which the
 * periodic sweep and the claim on handshake make harmless. A message that is not an IMEI is dropped.
 */
public final class WakeSubscription implements AutoCloseable {
    private final StatefulRedisPubSubConnection<String, String> connection;

    private WakeSubscription(StatefulRedisPubSubConnection<String, String> connection) {
        this.connection = connection;
    }

    /** Subscribes once Redis answers; fails with a {@link com.fleetlink.registry.store.StoreFailure} when it does not. */
    public static CompletionStage<WakeSubscription> open(RedisConnector connector, String instance, Consumer<String> onWake) {
        String channel = CommandKeys.wakeChannel(instance);
        return StoreFailures.typed(connector.connectPubSub()).thenCompose(connection -> {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String imei) {
                    if (channel.equals(from) && LocalProtocol.isImei(imei)) {
                        onWake.accept(imei);
                    }
                }
            });
            return StoreFailures.typed(connection.async().subscribe(channel)).thenApply(done -> new WakeSubscription(connection));
        });
    }

    /**
     * Closes without waiting: it may run on a Lettuce event loop (a subscription that completes after the
     * daemon began closing), where waiting for the close, which needs that loop, would never end.
     */
    @Override
    public void close() {
        connection.closeAsync();
    }
}
