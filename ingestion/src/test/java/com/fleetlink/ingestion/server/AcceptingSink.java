package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that takes every batch at once and keeps it for the test to look at. */
public final class AcceptingSink implements TelemetrySink {
    private final List<TelemetryBatch> batches = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        batches.add(batch);
        return CompletableFuture.completedFuture(null);
    }

    /** Every batch accepted so far, in order. */
    public List<TelemetryBatch> batches() {
        return List.copyOf(batches);
    }

    @Override
    public void close() {
    }
}
