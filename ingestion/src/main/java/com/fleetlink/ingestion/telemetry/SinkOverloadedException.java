package com.fleetlink.ingestion.telemetry;

/** The sink's queue is full: the records were not accepted and the device should send them again. */
public final class SinkOverloadedException extends RuntimeException {
    public SinkOverloadedException(String message) {
        super(message, null, false, false);
    }
}
