package com.fleetlink.ingestion.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IMEI → the device's current socket (design §4 rule 5).
 *
 * <p>A second handshake for a connected IMEI supersedes the older socket: the new one becomes
 * current first, then the old one is closed, so its close finds itself no longer current and tells
 * the listener nothing. Only a close of the current socket reaches {@link SessionListener#onClosed}.
 *
 * <p>The listener is told after the table changed: whatever reads {@link #sessions()} once it has
 * heard of an event (the registry client's repair snapshot) sees that event.
 */
public final class SessionTable {
    private static final AttributeKey<DeviceSession> SESSION = AttributeKey.valueOf("deviceSession");
    /** A power of two; more stripes than event loops, so two handshakes rarely share one. */
    private static final int LOCK_STRIPES = 256;

    private final ConcurrentMap<String, DeviceSession> current = new ConcurrentHashMap<>();
    private final AtomicLong nextConn = new AtomicLong();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final ConnectionCloser closer;
    private volatile SessionListener listener = SessionListener.NONE;

    public SessionTable(ConnectionCloser closer) {
        this.closer = closer;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Replaces the listener; the registry client sets itself here when it is enabled. */
    public void setListener(SessionListener listener) {
        this.listener = listener;
    }

    /** Makes {@code channel} the current socket of {@code imei}, superseding any older one. */
    public DeviceSession register(String imei, Channel channel) {
        DeviceSession session;
        DeviceSession previous;
        // Per IMEI, the change and its listener call happen under one lock, so two handshakes of one
        // device on different event loops reach the listener in the order they became current, each
        // after the table shows it. Only event loops take these locks and the listener only hands the
        // event off, so nothing here waits on the registry.
        synchronized (lockOf(imei)) {
            // Decided under the lock, so per device conn and at follow the order sessions become current in.
            session = new DeviceSession(imei, nextConn.incrementAndGet(), channel, System.currentTimeMillis());
            channel.attr(SESSION).set(session);
            previous = current.put(imei, session);
            listener.onRegistered(session);
        }
        channel.closeFuture().addListener(f -> closed(session));
        if (previous != null) {
            closer.close(previous.channel(), CloseReason.SUPERSEDED, "newer handshake on conn " + session.conn());
        }
        return session;
    }

    private void closed(DeviceSession session) {
        synchronized (lockOf(session.imei())) {
            if (current.remove(session.imei(), session)) {
                listener.onClosed(session, ConnectionCloser.reasonOf(session.channel()));
            }
        }
    }

    private Object lockOf(String imei) {
        int h = imei.hashCode();
        return locks[(h ^ (h >>> 16)) & (LOCK_STRIPES - 1)];
    }

    /** The current session of {@code imei}, or {@code null}. */
    public DeviceSession get(String imei) {
        return current.get(imei);
    }

    /** The session a handshaken channel belongs to, or {@code null} before the handshake. */
    public static DeviceSession sessionOf(Channel channel) {
        return channel.attr(SESSION).get();
    }

    /** Devices connected right now. */
    public int size() {
        return current.size();
    }

    /** A copy of the current sessions, for snapshots and shutdown. */
    public List<DeviceSession> sessions() {
        return List.copyOf(current.values());
    }
}
