package com.fleetlink.registry.command;

/** What became of an enqueue. */
public sealed interface EnqueueResult {

    /**
     * The command is stored: {@code created} by this call, or an earlier one with the same id and
     * payload (idempotent enqueue). A no-queue command for an offline device is accepted already {@code expired}.
     */
    record Accepted(StoredCommand command, boolean created) implements EnqueueResult {
    }

    /** The id is taken by a command with another payload, codec or text flag; nothing was stored. */
    record Conflict(StoredCommand existing) implements EnqueueResult {
    }

    /** The device's queue holds its limit of unfinished commands; nothing was stored. */
    record QueueFull() implements EnqueueResult {
    }
}
