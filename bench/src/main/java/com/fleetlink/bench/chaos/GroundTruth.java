package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which device socket was open at which instance, and when, as the devices saw it: the moment the
 * IMEI was sent, the moment the {@code 01} arrived, the moment the socket closed. The truth for the
 * registry at an instant is the newest socket whose handshake had been answered by then, if it was
 * still open: {@link #ownerAt}. Written from the fleet's event loop, read by the checker threads;
 * each device's spans are guarded by their list.
 */
final class GroundTruth {
    /**
     * How far a registration's decision time may lie before its socket's IMEI was sent and still be
     * that socket's: {@code at} is whole milliseconds, and the sidecar's offset to Redis' clock is estimated.
     */
    static final long AT_ROUNDING_MICROS = 1_000;

    /** One socket of one device; {@code ackedMicros} and {@code closedMicros} are 0 until they happen. */
    static final class Span {
        final String instance;
        final long handshakeSentMicros;
        volatile long ackedMicros;
        volatile long closedMicros;

        Span(String instance, long handshakeSentMicros) {
            this.instance = instance;
            this.handshakeSentMicros = handshakeSentMicros;
        }

        boolean openAt(long micros) {
            long closed = closedMicros;
            return closed == 0 || closed > micros;
        }

        /** Whether a registration decided at {@code decidedMicros} (0: unknown) was this socket's or a newer one's. */
        boolean decidedSinceHandshake(long decidedMicros) {
            return decidedMicros != 0 && decidedMicros >= handshakeSentMicros - AT_ROUNDING_MICROS;
        }
    }

    private final Map<String, List<Span>> byImei = new ConcurrentHashMap<>();

    /** A device is about to send its IMEI on a new socket to {@code instance}. */
    Span opening(String imei, String instance) {
        Span span = new Span(instance, WallClock.micros());
        List<Span> spans = byImei.computeIfAbsent(imei, k -> new ArrayList<>());
        synchronized (spans) {
            spans.add(span);
        }
        return span;
    }

    void acked(Span span) {
        span.ackedMicros = WallClock.micros();
    }

    void closed(Span span) {
        if (span.closedMicros == 0) {
            span.closedMicros = WallClock.micros();
        }
    }

    /** Whether {@code imei} is one of the fleet's. */
    boolean knows(String imei) {
        return byImei.containsKey(imei);
    }

    /**
     * The newest socket of {@code imei} whose handshake was answered at or before {@code micros},
     * whether or not it is still open then; {@code null} if none.
     */
    Span newestAckedAt(String imei, long micros) {
        List<Span> spans = byImei.get(imei);
        if (spans == null) {
            return null;
        }
        synchronized (spans) {
            return newestAcked(spans, micros);
        }
    }

    /** {@link #newestAckedAt} among {@code spans}. */
    static Span newestAcked(List<Span> spans, long micros) {
        Span newest = null;
        for (Span s : spans) {
            long acked = s.ackedMicros;
            if (acked != 0 && acked <= micros && (newest == null || acked > newest.ackedMicros)) {
                newest = s;
            }
        }
        return newest;
    }

    /** Every socket {@code imei} opened so far, oldest first (a copy). */
    List<Span> spans(String imei) {
        List<Span> spans = byImei.get(imei);
        if (spans == null) {
            return List.of();
        }
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    /** Every device that ever had a socket. */
    Set<String> imeis() {
        return Set.copyOf(byImei.keySet());
    }

    /** The instance the registry should name for {@code imei} at {@code micros}, or {@code null} for none. */
    String ownerAt(String imei, long micros) {
        List<Span> spans = byImei.get(imei);
        if (spans == null) {
            return null;
        }
        synchronized (spans) {
            return ownerAt(spans, micros);
        }
    }

    /** {@link #ownerAt} among {@code spans}. */
    static String ownerAt(List<Span> spans, long micros) {
        Span newest = newestAcked(spans, micros);
        return newest != null && newest.openAt(micros) ? newest.instance : null;
    }

    /** {@link #ownerAt} now, for every device that ever had a socket. */
    Map<String, String> ownersNow() {
        long now = WallClock.micros();
        Map<String, String> owners = new HashMap<>();
        for (String imei : byImei.keySet()) {
            String owner = ownerAt(imei, now);
            if (owner != null) {
                owners.put(imei, owner);
            }
        }
        return owners;
    }
}
