package com.fleetlink.bench;

import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Accepts every batch at once and keeps nothing, so a measurement sees only the server's own cost. */
final class DiscardingSink implements TelemetrySink {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        return DONE;
    }

    @Override
    public void close() {
    }
}
