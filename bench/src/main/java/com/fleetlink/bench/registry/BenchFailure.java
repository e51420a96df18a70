package com.fleetlink.bench.registry;

/** The run cannot produce its figures (a process did not start, a deadline passed); exit code 1. */
final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
