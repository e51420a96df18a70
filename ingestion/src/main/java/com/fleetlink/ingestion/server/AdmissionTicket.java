package com.fleetlink.ingestion.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where one admitted socket stands in the admission's books: silent, talking, through the
 * handshake, evicted or gone. Its owner loop and any evicting loop move it concurrently; each move
 * is one compare-and-set, so exactly one of two racing moves (an eviction and the first byte, say)
 * wins and the counts are kept once.
 */
final class AdmissionTicket {
    /** The phases of a socket's life, as the admission counts it. */
    enum Phase {
        /** Admitted; no byte of the handshake read yet. Evictable. */
        SILENT,
        /** The first handshake byte was read; counted in the handshaking pool until the {@code 01}. */
        TALKING,
        /** Through the handshake: counted among open connections only. */
        HANDSHAKEN,
        /** Evicted to make room: no longer counted as open, but closing. */
        EVICTED,
        /** Closed; counted nowhere. */
        GONE
    }

    /** A phase and, while silent, the queue of the source address it is counted in ({@code null}: none). */
    record State(Phase phase, SilentQueue addressQueue) {
    }

    private static final AttributeKey<AdmissionTicket> KEY = AttributeKey.valueOf("admissionTicket");

    private final Channel channel;
    private final AtomicReference<State> state = new AtomicReference<>(new State(Phase.SILENT, null));

    private AdmissionTicket(Channel channel) {
        this.channel = channel;
    }

    /** A new silent ticket for {@code channel}, attached to it. */
    static AdmissionTicket issue(Channel channel) {
        AdmissionTicket ticket = new AdmissionTicket(channel);
        channel.attr(KEY).set(ticket);
        return ticket;
    }

    /** The ticket of {@code channel}, or {@code null} when it was refused. */
    static AdmissionTicket of(Channel channel) {
        return channel.attr(KEY).get();
    }

    Channel channel() {
        return channel;
    }

    boolean isSilent() {
        return state.get().phase() == Phase.SILENT;
    }

    /**
     * Moves to {@code to} if the phase is {@code from}; returns the state left, or {@code null} when
     * the phase was another (someone else moved it first).
     */
    State move(Phase from, Phase to) {
        while (true) {
            State current = state.get();
            if (current.phase() != from) {
                return null;
            }
            if (state.compareAndSet(current, new State(to, null))) {
                return current;
            }
        }
    }

    /** Counts this still silent ticket in {@code queue}; false when it stopped being silent first. */
    boolean attribute(SilentQueue queue) {
        while (true) {
            State current = state.get();
            if (current.phase() != Phase.SILENT) {
                return false;
            }
            if (state.compareAndSet(current, new State(Phase.SILENT, queue))) {
                return true;
            }
        }
    }

    /** Moves to {@link Phase#GONE} from wherever it is; returns the state left. */
    State end() {
        return state.getAndSet(new State(Phase.GONE, null));
    }
}
