package com.fleetlink.systemtests.support;

import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Deadlines instead of guessed sleeps. {@link #until} waits for something to become true; {@link
 * #holdsFor} checks that something stays true for a whole window (how "the entry stays" is asserted).
 * Both put the processes' logs into the failure message.
 */
public final class Waits {
    private static final long POLL_PAUSE_MILLIS = 10;

    private Waits() {
    }

    /**
     * Polls {@code condition} until it holds. A condition that throws (Redis restarting, an endpoint
     * not up yet) counts as "not yet"; the last exception is reported if the deadline passes.
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> context) {
        RuntimeException[] last = new RuntimeException[1];
        try {
            Poll.until(timeout, what, () -> {
                try {
                    return condition.getAsBoolean();
                } catch (RuntimeException e) {
                    last[0] = e;
                    return false;
                }
            });
        } catch (AssertionError e) {
            AssertionError failure = new AssertionError(e.getMessage()
                    + (last[0] == null ? "" : " (last error: " + last[0] + ")") + "\n" + context.get());
            if (last[0] != null) {
                failure.initCause(last[0]);
            }
            throw failure;
        }
    }

    /** Fails as soon as {@code condition} is false at any point during {@code window}. */
    public static void holdsFor(Duration window, String what, BooleanSupplier condition, Supplier<String> context) {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        while (System.nanoTime() < end) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError(what + " stopped holding after " + (System.nanoTime() - start) / 1_000_000
                        + " ms of the " + window.toMillis() + " ms window\n" + context.get());
            }
            pollPause();
        }
    }

    /** The pause between two polls of a condition. */
    public static void pollPause() {
        try {
            Thread.sleep(POLL_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
