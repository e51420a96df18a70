package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.AdmissionTicket.Phase;
import com.fleetlink.ingestion.server.AdmissionTicket.State;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which sockets a server keeps while they have not proved to be devices, favouring the ones
 * that talk (see {@link ConnectionLimits}): a socket over a cap evicts the oldest silent socket, or
 * is refused when none is silent; a source address over its silent cap loses its oldest silent
 * socket. A full pool of talking sockets refuses newcomers instead of evicting: those are devices
 * mid-handshake or trickling attackers, and the deadline under pressure clears the latter.
 *
 * <p>Shared by every socket of one server and called from every event loop: the counts are atomic,
 * each socket's phase moves by compare-and-set ({@link AdmissionTicket}), and an evicted socket is
 * closed with {@link Channel#close()}, which runs on its own loop. Nothing here blocks.
 */
final class HandshakeAdmission {
    private final ConnectionLimits limits;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private final SilentQueue silent = new SilentQueue(null);
    private final ConcurrentHashMap<InetAddress, SilentQueue> silentByAddress = new ConcurrentHashMap<>();
    /** Admitted, not evicted and not closed. */
    private final AtomicInteger open = new AtomicInteger();
    /** Admitted, not evicted, not closed and not through the handshake. */
    private final AtomicInteger handshaking = new AtomicInteger();
    /** Evicted and not yet closed: the room eviction borrows, bounded by {@code maxHandshaking}. */
    private final AtomicInteger evicting = new AtomicInteger();

    HandshakeAdmission(ConnectionLimits limits, ConnectionCloser closer, IngestionMetrics metrics) {
        this.limits = limits;
        this.closer = closer;
        this.metrics = metrics;
    }

    /**
     * Admits {@code channel}, evicting a silent socket if a cap is reached; returns its ticket, or
     * {@code null} after closing it when there was no room. {@code source} is the device's address
     * when the socket's peer is the device, {@code null} when a PROXY header will tell it.
     */
    AdmissionTicket admit(Channel channel, InetAddress source) {
        boolean overConnections = open.incrementAndGet() > limits.maxConnections();
        boolean overHandshaking = handshaking.incrementAndGet() > limits.maxHandshaking();
        if ((overConnections || overHandshaking)
                && !evictOldest(silent, CloseReason.SILENT_EVICTED, "the oldest silent socket, evicted to make room for a new one")) {
            open.decrementAndGet();
            handshaking.decrementAndGet();
            if (overConnections) {
                closer.close(channel, CloseReason.OVER_CONNECTION_LIMIT, limits.maxConnections() + " sockets already open, none silent");
            } else {
                closer.close(channel, CloseReason.OVER_HANDSHAKE_LIMIT,
                        limits.maxHandshaking() + " sockets already in the handshake, none silent");
            }
            return null;
        }
        metrics.handshakeStarted();
        AdmissionTicket ticket = AdmissionTicket.issue(channel);
        silent.add(ticket);
        if (source != null) {
            sourceKnown(ticket, source);
        }
        return ticket;
    }

    /**
     * Counts the still silent {@code ticket} against its source address and evicts that address's
     * oldest silent socket when it is over its cap.
     */
    void sourceKnown(AdmissionTicket ticket, InetAddress source) {
        if (limits.maxSilentPerAddress() == 0) {
            return;
        }
        SilentQueue queue = silentByAddress.computeIfAbsent(source, SilentQueue::new);
        queue.add(ticket);
        if (!ticket.attribute(queue)) {
            // It talked or left between the two steps: nobody else knows it is in this queue.
            stoppedBeingSilentIn(queue);
            return;
        }
        if (queue.silent() > limits.maxSilentPerAddress() && !evictOldest(queue, CloseReason.SILENT_OVER_ADDRESS_CAP,
                "the oldest silent socket of an address over its cap of " + limits.maxSilentPerAddress())) {
            closer.close(ticket.channel(), CloseReason.SILENT_OVER_ADDRESS_CAP,
                    limits.maxSilentPerAddress() + " silent sockets from this address, none evictable");
        }
    }

    /** The first byte of the handshake arrived: the socket is no longer evictable. */
    void talked(AdmissionTicket ticket) {
        State left = ticket.move(Phase.SILENT, Phase.TALKING);
        if (left != null) {
            stoppedBeingSilent(left);
        }
    }

    /** The handshake completed: the socket leaves the handshaking pool. */
    void handshaken(AdmissionTicket ticket) {
        talked(ticket);
        if (ticket.move(Phase.TALKING, Phase.HANDSHAKEN) != null) {
            leftHandshake();
        }
    }

    /** The socket closed, for whatever reason: whatever it was counted in, it is not any more. */
    void closed(AdmissionTicket ticket) {
        State left = ticket.end();
        switch (left.phase()) {
            case SILENT -> {
                stoppedBeingSilent(left);
                leftHandshake();
                open.decrementAndGet();
            }
            case TALKING -> {
                leftHandshake();
                open.decrementAndGet();
            }
            case HANDSHAKEN -> open.decrementAndGet();
            case EVICTED -> evicting.decrementAndGet();
            case GONE -> {
                // closed twice: counted the first time
            }
        }
    }

    /** Whether more than half the handshaking pool is in use, so deadlines shorten. */
    boolean underPressure() {
        return limits.underPressure(handshaking.get());
    }

    /**
     * Evicts the oldest silent socket of {@code queue}: its place (open and handshaking) is free at
     * once, and it counts as evicting until its own loop has closed it. False when none is silent
     * or {@code maxHandshaking} evicted sockets are still closing.
     */
    private boolean evictOldest(SilentQueue queue, CloseReason reason, String why) {
        if (evicting.incrementAndGet() > limits.maxHandshaking()) {
            evicting.decrementAndGet();
            return false;
        }
        for (AdmissionTicket victim = queue.pollOldest(); victim != null; victim = queue.pollOldest()) {
            State left = victim.move(Phase.SILENT, Phase.EVICTED);
            if (left != null) {
                stoppedBeingSilent(left);
                leftHandshake();
                open.decrementAndGet();
                closer.close(victim.channel(), reason, why);
                return true;
            }
        }
        evicting.decrementAndGet();
        return false;
    }

    private void stoppedBeingSilent(State left) {
        silent.stoppedBeingSilent();
        SilentQueue queue = left.addressQueue();
        if (queue != null) {
            stoppedBeingSilentIn(queue);
        }
    }

    private void stoppedBeingSilentIn(SilentQueue addressQueue) {
        addressQueue.stoppedBeingSilent();
        if (addressQueue.silent() == 0) {
            // A socket of the address arriving at this moment may be counted in the queue dropped here
            // while the next ones get a new queue: the cap then undercounts by those few, no more.
            silentByAddress.remove(addressQueue.address(), addressQueue);
        }
    }

    private void leftHandshake() {
        handshaking.decrementAndGet();
        metrics.handshakeEnded();
    }
}
