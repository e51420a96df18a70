package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.telemetry.SinkOverloadedException;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink whose queue is full, as a real one is while its writer or broker is stuck: it refuses every
 * batch for want of room until the test {@linkplain #makeRoom() makes room}, then takes and completes
 * each at once.
 */
public final class OverloadedSink implements TelemetrySink {
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<TelemetryBatch> taken = new CopyOnWriteArrayList<>();
    private volatile boolean full = true;

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        if (full) {
            refusals.incrementAndGet();
            return CompletableFuture.failedFuture(new SinkOverloadedException("refused by the test"));
        }
        taken.add(batch);
        return CompletableFuture.completedFuture(null);
    }

    /** From now on batches are taken. */
    public void makeRoom() {
        full = false;
    }

    /** How many offers were refused so far. */
    public int refusals() {
        return refusals.get();
    }

    /** The batches taken since {@link #makeRoom()}, in the order they were offered. */
    public List<TelemetryBatch> taken() {
        return taken;
    }

    @Override
    public void close() {
    }
}
