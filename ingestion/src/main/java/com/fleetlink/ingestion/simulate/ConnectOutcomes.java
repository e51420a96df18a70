package com.fleetlink.ingestion.simulate;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How each device's first connection attempt ended, so the run can give up at once, with the
 * reason, when no device got through (nothing listening, every handshake refused) instead of
 * waiting out {@code --duration}.
 */
final class ConnectOutcomes {
    private final CountDownLatch pending;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    ConnectOutcomes(int devices) {
        pending = new CountDownLatch(devices);
    }

    /** The device's first handshake was accepted. Call once per device, from any thread. */
    void accepted() {
        accepted.incrementAndGet();
        pending.countDown();
    }

    /** The device's first attempt failed. Call once per device, from any thread. */
    void failed(String why) {
        firstFailure.compareAndSet(null, why);
        pending.countDown();
    }

    /** Waits until every device's first attempt ended or the timeout passed. */
    void await(long timeoutNanos) throws InterruptedException {
        pending.await(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS);
    }

    /** Devices whose first handshake was accepted so far. */
    int acceptedCount() {
        return accepted.get();
    }

    /** Why the first failed device failed, or {@code null}. */
    String firstFailure() {
        return firstFailure.get();
    }
}
