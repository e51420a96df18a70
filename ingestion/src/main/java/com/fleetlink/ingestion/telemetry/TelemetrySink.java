package com.fleetlink.ingestion.telemetry;

import java.util.concurrent.CompletionStage;

/**
 * Takes decoded records off the server's hands. The server sends the device its ACK only when the
 * returned stage completes normally; a failed stage means the records were not accepted and the
 * device keeps them to send again. A stage failed at once with {@link SinkOverloadedException} is a
 * refusal for want of room, not a failure: the server keeps the packet owed and offers it again.
 *
 * <p>Called on a Netty event loop: implementations must return at once and do their work
 * elsewhere.
 */
public interface TelemetrySink extends AutoCloseable {

    /** Accepts one packet's records. Must not block. */
    CompletionStage<Void> accept(TelemetryBatch batch);

    /** Writes out everything accepted so far and releases resources. */
    @Override
    void close();
}
