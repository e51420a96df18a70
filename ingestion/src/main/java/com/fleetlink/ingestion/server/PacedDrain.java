package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the device sockets of a stopping server one by one, spread evenly over a duration, oldest
 * handshake first (design §4 rule 8 with {@code --drain-duration}). Each socket is asked to drain as
 * at any shutdown (it sends the ACKs it owes, then closes), so its close unregisters the device like
 * any other and the other instances take the fleet over a device at a time instead of all at once.
 *
 * <p>The {@code k}-th of {@code n} sockets is asked at {@code k/n} of the duration, so the last one
 * goes at its end. A socket that closed on its own before its turn leaves its slot empty: the pace
 * never quickens. After a stall (a busy event loop, a paused process) the sockets that fell due are
 * not asked all at once, which would turn the stall into a burst of reconnects at the other
 * instances: they are caught up at {@link #CATCH_UP} times the even pace. All state lives on one
 * event loop, whose timer paces the closes.
 */
final class PacedDrain {
    private static final Logger log = LoggerFactory.getLogger(PacedDrain.class);
    /** Sockets still in the handshake have no session; they count as the youngest. */
    private static final Comparator<Channel> OLDEST_FIRST = Comparator.comparingLong(ch -> {
        DeviceSession session = SessionTable.sessionOf(ch);
        return session == null ? Long.MAX_VALUE : session.connectedNanos();
    });

    /** How much faster than the even pace the drain may run while it is behind its schedule. */
    private static final double CATCH_UP = 1.5;
    /** The most time one tick counts when catching up, so a long stall never releases a long burst. */
    private static final long MAX_TICK_CREDIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final List<Channel> order;
    private final long durationNanos;
    /** The even pace: the time between two asks. */
    private final double intervalNanos;
    private final EventExecutor loop;
    private final IngestionMetrics metrics;
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    private long startNanos;
    /** When the last tick ran, in nanoseconds from the start. */
    private long lastTick;
    /** Sockets asked to drain so far: {@code order}'s first {@code asked}. */
    private int asked;
    /** Sockets of {@code order} not closed yet. */
    private int open;
    private int closedOnTheirOwn;

    /**
     * @param channels the device sockets open when the listener closed
     * @param loop     the event loop that runs the timer and keeps the state
     */
    PacedDrain(Collection<Channel> channels, Duration duration, EventExecutor loop, IngestionMetrics metrics) {
        this.order = channels.stream().sorted(OLDEST_FIRST).toList();
        this.durationNanos = duration.toNanos();
        this.intervalNanos = (double) durationNanos / Math.max(1, order.size());
        this.loop = loop;
        this.metrics = metrics;
    }

    /**
     * Starts pacing, from any thread. The future completes with {@code true} when every socket has
     * closed; completing it earlier (a timeout) ends the pacing.
     */
    CompletableFuture<Boolean> start() {
        loop.execute(this::begin);
        return done;
    }

    private void begin() {
        startNanos = System.nanoTime();
        open = order.size();
        metrics.drainRemaining(open);
        log.info("draining {} device sockets over {} ms ({} per second), oldest first", open,
                TimeUnit.NANOSECONDS.toMillis(durationNanos), String.format(java.util.Locale.ROOT, "%.1f",
                        open * 1e9 / durationNanos));
        if (open == 0) {
            finish();
            return;
        }
        for (int i = 0; i < order.size(); i++) {
            int index = i;
            order.get(i).closeFuture().addListener(f -> loop.execute(() -> closed(index)));
        }
        tick();
    }

    private void tick() {
        if (done.isDone()) {
            return;
        }
        long elapsed = System.nanoTime() - startNanos;
        long credit = Math.min(elapsed - lastTick, MAX_TICK_CREDIT_NANOS);
        int limit = asked + Math.max(1, (int) (CATCH_UP * credit / intervalNanos));
        lastTick = elapsed;
        while (asked < limit && asked < order.size() && dueAt(asked + 1) <= elapsed) {
            order.get(asked++).pipeline().fireUserEventTriggered(DrainRequest.INSTANCE);
        }
        if (asked < order.size()) {
            long wait = Math.max(dueAt(asked + 1) - elapsed, (long) (intervalNanos / CATCH_UP));
            loop.schedule(this::tick, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** When the {@code k}-th socket (from 1) is asked, in nanoseconds from the start. */
    private long dueAt(int k) {
        return (long) Math.ceil((double) durationNanos * k / order.size());
    }

    private void closed(int index) {
        open--;
        metrics.drainRemaining(open);
        if (index < asked) {
            metrics.drainClosed();
        } else {
            closedOnTheirOwn++;
        }
        if (open == 0) {
            finish();
        }
    }

    private void finish() {
        log.info("drain done: {} device sockets closed by the drain, {} on their own, in {} ms", order.size() - closedOnTheirOwn,
                closedOnTheirOwn, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        done.complete(true);
    }
}
