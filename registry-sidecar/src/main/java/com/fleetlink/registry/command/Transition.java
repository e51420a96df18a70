package com.fleetlink.registry.command;

/** What became of a state change fenced by the attempt counter (mark sent, complete, requeue, record a late reply). */
public sealed interface Transition {

    /** Done; {@code command} is the state after it (for a requeue: {@code queued}, or terminal when no retry was left). */
    record Applied(StoredCommand command) implements Transition {
    }

    /** Ignored: the attempt is not the current claim's, or the command is no longer in the state the change needs. */
    record Stale(StoredCommand current) implements Transition {
    }

    /** No such command (never enqueued, or gone after its retention). */
    record Missing() implements Transition {
    }
}
