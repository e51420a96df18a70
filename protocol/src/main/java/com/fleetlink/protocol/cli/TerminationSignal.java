package com.fleetlink.protocol.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT so a daemon can stop in order and exit 0, which a JVM shutdown hook
 * cannot do (the JVM would exit 143 after the hook).
 */
public final class TerminationSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    private TerminationSignal() {
    }

    /** Starts listening for SIGTERM and SIGINT. */
    public static TerminationSignal install() {
        TerminationSignal signal = new TerminationSignal();
        Signal.handle(new Signal("TERM"), s -> signal.received.countDown());
        Signal.handle(new Signal("INT"), s -> signal.received.countDown());
        return signal;
    }

    /**
     * Blocks until a signal arrives or the calling thread is interrupted. An interrupt asks for the
     * same ordered stop as a signal: a test that runs a daemon in its own JVM stops it this way.
     */
    public void await() {
        try {
            received.await();
        } catch (InterruptedException e) {
            // Answered by stopping; the flag stays clear so the stop's own waits are not cut short.
        }
    }

    /** Acts as if a signal had arrived (for tests and for a stop requested from inside). */
    public void trigger() {
        received.countDown();
    }
}
