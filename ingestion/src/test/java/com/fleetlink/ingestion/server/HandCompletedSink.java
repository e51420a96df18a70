package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sink whose batches stay pending until the test completes them, so a test decides exactly when
 * the server may acknowledge.
 */
public final class HandCompletedSink implements TelemetrySink {
    private final BlockingQueue<Pending> received = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    /** One batch the server is waiting on. */
    public record Pending(TelemetryBatch batch, CompletableFuture<Void> future) {
        /** Lets the server acknowledge the batch. */
        public void complete() {
            future.complete(null);
        }

        /** Tells the server the batch was not stored. */
        public void fail(Throwable cause) {
            future.completeExceptionally(cause);
        }
    }

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        received.add(new Pending(batch, future));
        return future;
    }

    /** The next batch the server handed over, waiting at most {@code timeout} for it. */
    public Pending awaitBatch(Duration timeout) throws InterruptedException {
        Pending next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("the server handed no batch to the sink within " + timeout.toMillis() + " ms");
        }
        return next;
    }

    /** Whether the server closed the sink. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
