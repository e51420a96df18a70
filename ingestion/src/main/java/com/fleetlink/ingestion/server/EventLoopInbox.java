package com.fleetlink.ingestion.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries work posted from other threads (the telemetry sink completing packets) onto one event
 * loop, in posting order, with one loop task for all that arrives before the loop gets to it.
 *
 * <p>A sink's writer completes a drained run of packets back to back; posting each one with its own
 * {@code execute} costs a task, a queue insertion and a wake-up check per packet on both threads.
 * Here only the post that finds no drain scheduled submits one; the others join its queue. Nothing
 * waits for company: the first post of a burst schedules the drain at once.
 */
final class EventLoopInbox {
    private static final Logger log = LoggerFactory.getLogger(EventLoopInbox.class);

    private final Executor loop;
    private final Queue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    EventLoopInbox(Executor loop) {
        this.loop = loop;
    }

    /** Runs {@code work} on the loop after everything posted before it. */
    void post(Runnable work) {
        posted.add(work);
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private void drain() {
        // Cleared before the queue is read: a post that still sees it set was queued before this read.
        drainScheduled.set(false);
        for (Runnable work = posted.poll(); work != null; work = posted.poll()) {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("a task posted to the event loop failed", e);
            }
        }
    }
}
