package com.fleetlink.ingestion.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Silent sockets in the order they were admitted, oldest first, safe on every event loop without
 * locks. A ticket that stops being silent is not searched for (that would cost the whole queue on
 * every handshake): it stays until eviction polls past it, or until a sweep drops every such ticket
 * once as many have stopped as are still silent, so the queue holds at most about twice its silent
 * tickets and each ticket is looked at a bounded number of times.
 */
final class SilentQueue {
    /** Stopped tickets tolerated before a sweep when few are silent, so a near-empty queue is not swept on every stop. */
    private static final int SWEEP_SLACK = 64;

    private final InetAddress address;
    private final ConcurrentLinkedQueue<AdmissionTicket> tickets = new ConcurrentLinkedQueue<>();
    private final AtomicInteger silent = new AtomicInteger();
    private final AtomicInteger stoppedSinceSweep = new AtomicInteger();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** A queue of the sockets from {@code address}, or of every socket when {@code null}. */
    SilentQueue(InetAddress address) {
        this.address = address;
    }

    /** The source address its sockets share, {@code null} for the queue of every socket. */
    InetAddress address() {
        return address;
    }

    /** Adds a ticket that is silent now; it counts as silent until {@link #stoppedBeingSilent} is called for it. */
    void add(AdmissionTicket ticket) {
        silent.incrementAndGet();
        tickets.add(ticket);
    }

    /** One of its tickets is no longer silent (it talked, left or was evicted). */
    void stoppedBeingSilent() {
        int live = silent.decrementAndGet();
        if (stoppedSinceSweep.incrementAndGet() > live + SWEEP_SLACK && sweeping.compareAndSet(false, true)) {
            try {
                stoppedSinceSweep.set(0);
                tickets.removeIf(t -> !t.isSilent());
            } finally {
                sweeping.set(false);
            }
        }
    }

    /** Tickets counted as silent. */
    int silent() {
        return silent.get();
    }

    /**
     * Takes the oldest ticket off the queue that is still silent when taken, dropping the stopped
     * ones before it; {@code null} when none is left. The caller must still win the ticket's move
     * out of {@link AdmissionTicket.Phase#SILENT}, since its owner may move it at the same moment.
     */
    AdmissionTicket pollOldest() {
        for (AdmissionTicket t = tickets.poll(); t != null; t = tickets.poll()) {
            if (t.isSilent()) {
                return t;
            }
        }
        return null;
    }

    /** Entries in the queue, silent or not; walks it, so for tests only. */
    int entries() {
        return tickets.size();
    }
}
