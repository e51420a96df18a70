package com.fleetlink.registry.command;

/** What became of a cancel. */
public sealed interface CancelResult {

    /** The command is now {@code cancelled}; it was never written. */
    record Cancelled(StoredCommand command) implements CancelResult {
    }

    /** A caller may cancel only a queued command: this one is claimed and may be written any moment. */
    record InProgress(StoredCommand current) implements CancelResult {
    }

    /** The command had already ended; its status stands. */
    record AlreadyFinished(StoredCommand current) implements CancelResult {
    }

    /** The sidecar's policy cancel named an attempt that is not the current claim's. */
    record Stale(StoredCommand current) implements CancelResult {
    }

    /** No such command. */
    record Missing() implements CancelResult {
    }
}
