package com.fleetlink.ingestion.registry;

/**
 * Proves that every worker event loop still runs tasks. The registry client answers the sidecar's
 * {@code ping} through it, so a wedged loop means no {@code pong} (design §3).
 */
@FunctionalInterface
public interface EventLoopProbe {

    /**
     * Runs a task on every worker event loop and calls {@code allRan} once each of them has run it.
     * Returns at once; {@code allRan} is never called if a loop never gets to the task.
     * {@code allRan} runs on one of the event loops, so it must not block.
     */
    void probe(Runnable allRan);
}
