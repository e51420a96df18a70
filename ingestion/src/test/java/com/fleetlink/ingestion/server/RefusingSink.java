package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.telemetry.SinkOverloadedException;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A sink that refuses every batch, as a full queue would. */
public final class RefusingSink implements TelemetrySink {

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        return CompletableFuture.failedFuture(new SinkOverloadedException("refused by the test"));
    }

    @Override
    public void close() {
    }
}
