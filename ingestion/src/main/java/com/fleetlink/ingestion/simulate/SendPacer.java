package com.fleetlink.ingestion.simulate;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Spaces the sends of one event loop's devices evenly so they stay under that loop's share of
 * {@code --rate}: each send takes the next free slot, and one whose slot lies ahead is scheduled on
 * the event loop for then, so no thread ever sleeps. Slots do not pile up while devices wait for
 * ACKs, so the rate is a ceiling, never a burst to catch up. Used only on its event loop.
 */
final class SendPacer {
    private final EventLoop loop;
    private final double intervalNanos;
    private final long origin = System.nanoTime();
    // Relative to origin, as a double so a share like 333.3 packets/s keeps its fraction.
    private double nextSlot;

    /** A pacer sending at most {@code packetsPerSecond} (which may be fractional) on {@code loop}. */
    SendPacer(EventLoop loop, double packetsPerSecond) {
        if (!(packetsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, not " + packetsPerSecond);
        }
        this.loop = loop;
        this.intervalNanos = 1e9 / packetsPerSecond;
    }

    /** Runs {@code send} in the next free slot: now, or later on the event loop. */
    void submit(Runnable send) {
        double now = System.nanoTime() - origin;
        double slot = Math.max(now, nextSlot);
        nextSlot = slot + intervalNanos;
        long delay = (long) (slot - now);
        if (delay <= 0) {
            send.run();
        } else {
            loop.schedule(send, delay, TimeUnit.NANOSECONDS);
        }
    }
}
