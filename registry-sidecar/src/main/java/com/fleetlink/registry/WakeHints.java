package com.fleetlink.registry;

import com.fleetlink.registry.command.WakeSubscription;
import com.fleetlink.registry.redis.RedisConnector;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's wake-up subscription: opened at the first Redis connection (Lettuce resubscribes it
 * after reconnects on its own), opened again at the next connection if that failed, closed with the
 * daemon. Called on Lettuce's threads.
 */
final class WakeHints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WakeHints.class);

    private final String instance;
    private final Consumer<String> onWake;
    private WakeSubscription subscription;
    private boolean opening;
    private boolean closed;

    WakeHints(String instance, Consumer<String> onWake) {
        this.instance = instance;
        this.onWake = onWake;
    }

    /** Redis is connected: subscribe unless subscribed or subscribing. */
    synchronized void connected(RedisConnector connector) {
        if (subscription != null || opening || closed) {
            return;
        }
        opening = true;
        WakeSubscription.open(connector, instance, onWake).whenComplete((opened, error) -> opened(opened, error));
    }

    private synchronized void opened(WakeSubscription opened, Throwable error) {
        opening = false;
        if (error != null) {
            log.warn("could not subscribe to wake-up hints (the periodic sweep still claims): {}", error.toString());
        } else if (closed) {
            opened.close();
        } else {
            subscription = opened;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}
