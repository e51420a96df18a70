package com.fleetlink.ingestion.registry;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
final class Poll {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long INTERVAL_NANOS = 5_000_000;

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after {@link #TIMEOUT}. */
    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toMillis() + " ms waiting for " + what.get());
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}
