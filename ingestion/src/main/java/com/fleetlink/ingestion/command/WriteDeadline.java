package com.fleetlink.ingestion.command;

/**
 * The moment from which on a command must not be written (its expiry), kept on the monotonic clock:
 * the sidecar states it on the host's wall clock, and taking it over on arrival means a wall-clock
 * step while the command waits for its socket (an ACK owed, a busy event loop) does not move it.
 */
public final class WriteDeadline {
    /** No deadline: the command may be written at any time. */
    public static final WriteDeadline NONE = new WriteDeadline(0, false);

    private final long nanos;
    private final boolean set;

    private WriteDeadline(long nanos, boolean set) {
        this.nanos = nanos;
        this.set = set;
    }

    /** The deadline at {@code epochMillis} on this host's wall clock, read now. */
    public static WriteDeadline atWallMillis(long epochMillis) {
        long fromNow = epochMillis - System.currentTimeMillis();
        return new WriteDeadline(System.nanoTime() + fromNow * 1_000_000, true);
    }

    /** Whether writing now would be too late. */
    public boolean passed() {
        return set && System.nanoTime() - nanos >= 0;
    }

    @Override
    public String toString() {
        return set ? "in " + (nanos - System.nanoTime()) / 1_000_000 + " ms" : "none";
    }
}
