package com.fleetlink.ingestion.registry;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Lets one thread sleep until another has work for it, without a lock: producers flip a flag and
 * unpark, and only when the sleeper announced that it is about to park.
 */
final class Wakeup {
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private volatile Thread sleeper;

    /**
     * Parks the calling thread until {@link #signal()} or {@code maxNanos} pass, unless
     * {@code ready} already says there is work. The flag is raised before {@code ready} is asked,
     * so a signal sent after that question is never lost.
     */
    void await(BooleanSupplier ready, long maxNanos) {
        sleeper = Thread.currentThread();
        sleeping.set(true);
        try {
            if (!ready.getAsBoolean()) {
                LockSupport.parkNanos(this, maxNanos);
            }
        } finally {
            sleeping.set(false);
        }
    }

    /** Wakes the sleeper if it sleeps; costs one volatile read when it does not. */
    void signal() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(sleeper);
        }
    }
}
