package com.fleetlink.ingestion.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: the alternative to sleeping and hoping. */
public final class Poll {
    /** The deadline for things that happen at once on a healthy machine, with room for a busy one. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    private static final long INTERVAL_NANOS = Duration.ofMillis(5).toNanos();

    private Poll() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when {@code deadline} passes first. */
    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not true within " + deadline.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}
