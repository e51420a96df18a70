package com.fleetlink.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition by polling it until a deadline: the alternative to sleeping a guessed time.
 * A deadline that passes is an {@link AssertionError} naming what was awaited or, from
 * {@link #untilOrTimeout}, a result the caller reports (a benchmark records it as a figure).
 */
public final class Poll {
    /** The deadline for things that happen at once on a healthy machine, with room for a busy one. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /** The pause between two polls when the caller does not choose one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(5);
    /** Returned by {@link #untilOrTimeout} when the condition never held. */
    public static final long TIMED_OUT = Long.MIN_VALUE;

    private Poll() {
    }

    /**
     * Polls {@code condition} every {@link #DEFAULT_INTERVAL} until it holds.
     *
     * @return {@link System#nanoTime()} taken right after the poll that saw it hold
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static long until(Duration timeout, String what, BooleanSupplier condition) {
        return until(timeout, DEFAULT_INTERVAL, what, condition);
    }

    /** {@link #until(Duration, String, BooleanSupplier)}, polling every {@code interval}. */
    public static long until(Duration timeout, Duration interval, String what, BooleanSupplier condition) {
        long seen = untilOrTimeout(timeout, interval, condition);
        if (seen == TIMED_OUT) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
        return seen;
    }

    /**
     * Like {@link #until(Duration, Duration, String, BooleanSupplier)}, but a deadline that passes is
     * the result {@link #TIMED_OUT}, not a failure.
     */
    public static long untilOrTimeout(Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - deadline > 0) {
                return TIMED_OUT;
            }
            LockSupport.parkNanos(interval.toNanos());
            // parkNanos returns at once while the flag is set: without this check the loop would spin.
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while polling");
            }
        }
    }
}
