package com.fleetlink.registry.command;

import java.util.Locale;

/**
 * Where a command stands (design §9). {@code queued} → {@code dispatching} → {@code sent} → a
 * terminal status; back to {@code queued} only when never written or while retries are allowed.
 * A terminal status is final.
 */
public enum CommandStatus {
    /** Waiting in the device's queue for the instance holding the device to claim it. */
    QUEUED(false),
    /** Claimed by an instance under a lease; not written yet, as far as Redis knows. */
    DISPATCHING(false),
    /** Written to the device; its reply is awaited under the lease. */
    SENT(false),
    /** The device replied; the reply is the command's result. */
    RESPONDED(true),
    /** A no-reply command was written; that is all it needs. */
    SENT_NO_REPLY(true),
    /** Written (or possibly written), outcome unknowable: timeout, socket closed after the write, holder died. */
    UNKNOWN(true),
    /** Never written before its expiry, or a no-queue command for a device nobody held. */
    EXPIRED(true),
    /** Codec 14: the device answered nACK (its IMEI is not the command's) and did not execute it. */
    REJECTED_IMEI(true),
    /** Cancelled before being written, by a caller or by the sidecar's command policy. */
    CANCELLED(true);

    private final boolean terminal;

    CommandStatus(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the status is final. */
    public boolean terminal() {
        return terminal;
    }

    /** The word Redis, the stream and the command line carry. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a word names. */
    public static CommandStatus ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
