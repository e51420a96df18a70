package com.fleetlink.bench.registry;

/** The run cannot produce its figures (a process did not start, a deadline passed); exit code 1. */
public final class BenchFailure extends RuntimeException {
    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
