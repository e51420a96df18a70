package com.fleetlink.ingestion.telemetry;

/**
 * The sink's queue is full: the records were not accepted, and the server offers them again a moment
 * later while the packet stays owed. A sink refuses this way at once (the stage it returns has already
 * failed); any other failure, or one that comes later, means the records are not stored.
 */
public final class SinkOverloadedException extends RuntimeException {
    public SinkOverloadedException(String message) {
        super(message, null, false, false);
    }
}
