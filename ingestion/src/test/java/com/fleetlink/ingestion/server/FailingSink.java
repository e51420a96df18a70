package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A sink that fails every batch, as one whose write or delivery failed: the records are not stored. */
public final class FailingSink implements TelemetrySink {

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        return CompletableFuture.failedFuture(new IllegalStateException("write failed in the test"));
    }

    @Override
    public void close() {
    }
}
