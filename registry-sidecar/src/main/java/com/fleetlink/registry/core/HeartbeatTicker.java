package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisClock;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code instance:heartbeat:<id>} at once when activated and then every interval (invariant 6).
 * A failure is logged at warn and retried on the next tick, never fatal. A write that finds the key
 * gone after we had written it means it lapsed — others may have presumed us dead — so every held
 * entry is re-asserted. Confined to the core loop.
 */
public final class HeartbeatTicker {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTicker.class);

    private final EventExecutor loop;
    private final RegistryWriter writer;
    private final RedisClock clock;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final Duration interval;
    private final Duration ttl;
    private final Runnable onLapse;
    private ScheduledFuture<?> ticks;
    private boolean written;
    /** Bumped when the key is deleted, so an answer to a write sent before cannot count as ours. */
    private int generation;
    private volatile long lastSuccessMillis;

    public HeartbeatTicker(EventExecutor loop, RegistryWriter writer, RedisClock clock, SidecarMetrics metrics,
                           Journal journal, Duration interval, Duration ttl, Runnable onLapse) {
        this.loop = loop;
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
        this.journal = journal;
        this.interval = interval;
        this.ttl = ttl;
        this.onLapse = onLapse;
    }

    /** Starts beating (at once) unless already beating. */
    public void activate() {
        if (ticks == null) {
            ticks = loop.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the ticker is beating. */
    public boolean isActive() {
        return ticks != null;
    }

    /** Beats once now, outside the schedule (after a reconnect, or for {@code flush}). */
    public CompletionStage<Boolean> beatNow() {
        return beat();
    }

    private CompletionStage<Boolean> beat() {
        ConnectionRegistry r = writer.registry();
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        int sentIn = generation;
        return r.heartbeat(clock.now(), ttl).handle((outcome, error) -> {
            loop.execute(() -> {
                if (sentIn != generation) {
                    return;
                }
                if (error != null) {
                    metrics.failure("heartbeat");
                    journal.outcome("heartbeat", null, "failed", error.toString());
                    log.warn("heartbeat failed, retrying next tick: {}", error.toString());
                } else if (outcome.stale()) {
                    journal.outcome("heartbeat", null, "stale", null);
                } else {
                    lastSuccessMillis = System.currentTimeMillis();
                    if (written && !outcome.previousExisted()) {
                        metrics.lapse();
                        journal.outcome("heartbeat", null, "lapsed", null);
                        log.warn("heartbeat key had lapsed; re-asserting every held entry");
                        onLapse.run();
                    }
                    written = true;
                }
            });
            return error == null && !outcome.stale();
        });
    }

    /**
     * Stops beating and deletes the key: this instance no longer holds anything. Completes when
     * Redis answered (or at once when it is away).
     */
    public CompletionStage<Void> stopAndDelete() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        written = false;
        generation++;
        ConnectionRegistry r = writer.registry();
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        return r.deleteHeartbeat(clock.now()).handle((n, error) -> {
            loop.execute(() -> journal.outcome("delete_heartbeat", null, error == null ? "deleted" : "failed",
                    error == null ? Long.toString(n) : error.toString()));
            if (error != null) {
                metrics.failure("delete_heartbeat");
            }
            return null;
        });
    }

    /** Wall-clock ms of the last successful write, 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }
}
