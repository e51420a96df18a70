package com.fleetlink.registry.command;

/** What a claim of a device's next command found. */
public sealed interface ClaimResult {

    /** The head of the queue, now {@code dispatching} under this instance's lease. */
    record Claimed(StoredCommand command) implements ClaimResult {
    }

    /** Another command of the device is in progress (one at a time); its lease decides when a sweep frees it. */
    record Busy(StoredCommand current) implements ClaimResult {
    }

    /**
     * Claimed, but Redis did not confirm the claim with the {@code --command-durability} asked for in
     * time: it must not be written (at most once holds only for a claim Redis keeps).
     */
    record Unconfirmed(StoredCommand command) implements ClaimResult {
    }

    /** Nothing to claim (queued commands found past their expiry on the way ended {@code expired}). */
    record Empty() implements ClaimResult {
    }
}
