package com.fleetlink.bench.registry;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it with a deadline; never a fixed sleep standing in for the condition. */
public final class Poll {
    private Poll() {
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds, and returns {@link System#nanoTime()}
     * taken right after the poll that saw it hold.
     *
     * @throws BenchFailure when {@code timeout} passes first; {@code what} names the condition
     */
    public static long until(BooleanSupplier condition, Duration timeout, Duration interval, String what) {
        long seen = untilOrTimeout(condition, timeout, interval);
        if (seen == TIMED_OUT) {
            throw new BenchFailure("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
        return seen;
    }

    /** Returned by {@link #untilOrTimeout} when the condition never held. */
    public static final long TIMED_OUT = Long.MIN_VALUE;

    /** Like {@link #until}, but a timeout is a result ({@link #TIMED_OUT}) the caller reports, not a failure. */
    public static long untilOrTimeout(BooleanSupplier condition, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - deadline > 0) {
                return TIMED_OUT;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
