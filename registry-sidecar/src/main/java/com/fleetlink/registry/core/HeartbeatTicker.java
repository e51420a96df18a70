package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code instance:heartbeat:<id>} at once when activated and then every interval (invariant
 * 6), measuring Redis' clock again with each beat (rule 4). A beat that failed, timed out, could not
 * be sent or was skipped as stale is owed and written again as soon as Redis takes work, not at the
 * next tick. A write that finds the key gone after we had written it means it lapsed — others may
 * have presumed us dead — so every held entry is re-asserted. Stopping deletes the key, and a delete
 * Redis could not take is sent when it returns, unless beating started again. Confined to the core loop.
 */
public final class HeartbeatTicker {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTicker.class);

    private final CoreLoop loop;
    private final RedisLink link;
    private final RedisClock clock;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final Duration interval;
    private final Duration ttl;
    private final Runnable onLapse;
    private CoreLoop.Timer ticks;
    private boolean active;
    private boolean written;
    private boolean owed;
    private boolean deleteOwed;
    /** Bumped when beating stops or restarts, so an answer to a write sent before cannot count. */
    private int generation;
    private volatile boolean activeView;
    private volatile long lastSuccessMillis;

    public HeartbeatTicker(CoreLoop loop, RedisLink link, RedisClock clock, SidecarMetrics metrics, Journal journal,
                           Duration interval, Duration ttl, Runnable onLapse) {
        this.loop = loop;
        this.link = link;
        this.clock = clock;
        this.metrics = metrics;
        this.journal = journal;
        this.interval = interval;
        this.ttl = ttl;
        this.onLapse = onLapse;
        link.onAnswering(this::answering);
    }

    /** Starts beating (at once) unless already beating. */
    public void activate() {
        loop.assertInLoop();
        if (active) {
            return;
        }
        active = true;
        activeView = true;
        deleteOwed = false;
        generation++;
        tick();
    }

    /** Whether the ticker is beating; readable from any thread. */
    public boolean isActive() {
        return activeView;
    }

    /** Beats once now, outside the schedule, if beating (after a reconnect, or for {@code flush}). */
    public void beatNow() {
        loop.assertInLoop();
        if (active) {
            beat(true);
        }
    }

    private void tick() {
        int gen = generation;
        ticks = loop.schedule(() -> {
            if (gen == generation) {
                tick();
            }
        }, interval.toMillis());
        beat(true);
    }

    private void answering() {
        if (active && owed) {
            beat(true);
        } else if (!active && deleteOwed) {
            sendDelete();
        }
    }

    /** @param mayRetry a stale answer is retried once at once, after the clock was measured again */
    private void beat(boolean mayRetry) {
        RegistryStore r = link.writable();
        if (r == null) {
            metrics.failure("heartbeat");
            owed = true;
            return;
        }
        int sentIn = generation;
        long sentNanos = loop.nanoTime();
        loop.whenDone(r.time(), (redisMillis, error) -> {
            if (error == null) {
                clock.measured(redisMillis, sentNanos);
            }
        });
        loop.whenDone(r.heartbeat(clock.now(), ttl), (outcome, error) -> {
            if (sentIn != generation) {
                return;
            }
            if (error != null) {
                link.failed(error);
                metrics.failure("heartbeat");
                owed = true;
                journal.outcome(RedisOperation.HEARTBEAT, null, RedisOutcome.FAILED, error.toString());
                log.warn("heartbeat failed, written again once Redis answers: {}", error.toString());
            } else if (outcome.stale()) {
                owed = true;
                journal.outcome(RedisOperation.HEARTBEAT, null, RedisOutcome.STALE, null);
                if (mayRetry) {
                    beat(false);
                }
            } else {
                owed = false;
                lastSuccessMillis = loop.currentTimeMillis();
                if (written && !outcome.previousExisted()) {
                    metrics.lapse();
                    journal.outcome(RedisOperation.HEARTBEAT, null, RedisOutcome.LAPSED, null);
                    log.warn("heartbeat key had lapsed; re-asserting every held entry");
                    onLapse.run();
                }
                written = true;
            }
        });
    }

    /** Stops beating and deletes the key: this instance no longer holds anything. */
    public void stopAndDelete() {
        loop.assertInLoop();
        if (ticks != null) {
            ticks.cancel();
            ticks = null;
        }
        active = false;
        activeView = false;
        written = false;
        owed = false;
        generation++;
        deleteOwed = true;
        sendDelete();
    }

    private void sendDelete() {
        RegistryStore r = link.writable();
        if (r == null) {
            return;
        }
        int sentIn = generation;
        loop.whenDone(r.deleteHeartbeat(clock.now()), (n, error) -> {
            journal.outcome(RedisOperation.DELETE_HEARTBEAT, null, error == null ? RedisOutcome.DELETED : RedisOutcome.FAILED,
                    error == null ? Long.toString(n) : error.toString());
            if (sentIn != generation) {
                return;
            }
            if (error != null) {
                link.failed(error);
                metrics.failure("delete_heartbeat");
            } else if (n >= 0) {
                deleteOwed = false;
            } else {
                // Stale: the delete waited out a paused Redis; decide it again now.
                sendDelete();
            }
        });
    }

    /** Wall-clock ms of the last successful write, 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }
}
