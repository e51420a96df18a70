package com.fleetlink.bench.chaos;

/**
 * One command the run enqueued, as the sender saw it.
 *
 * @param id                unique in the run
 * @param imei              the device it is addressed to
 * @param kind              its options
 * @param maxAttempts       how many writes it allows
 * @param noReply           done once written
 * @param responseTimeoutMs how long the device has to answer once written
 * @param expireMs          how long it may wait unwritten
 * @param firstTryMicros    when its first enqueue was sent (wall clock)
 * @param acceptedMicros    when an enqueue of it was accepted (wall clock), or {@link #NOT_ACCEPTED}
 */
record SentCommand(String id, String imei, CommandKind kind, int maxAttempts, boolean noReply, long responseTimeoutMs,
                   long expireMs, long firstTryMicros, long acceptedMicros) {
    /** The {@code acceptedMicros} of a command no enqueue was accepted for. */
    static final long NOT_ACCEPTED = 0;

    boolean accepted() {
        return acceptedMicros != NOT_ACCEPTED;
    }
}
