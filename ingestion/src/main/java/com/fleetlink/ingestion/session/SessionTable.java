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
 */
public final class SessionTable {
    private static final AttributeKey<DeviceSession> SESSION = AttributeKey.valueOf("deviceSession");

    private final ConcurrentMap<String, DeviceSession> current = new ConcurrentHashMap<>();
    private final AtomicLong nextConn = new AtomicLong();
    private final ConnectionCloser closer;
    private volatile SessionListener listener = SessionListener.NONE;

    public SessionTable(ConnectionCloser closer) {
        this.closer = closer;
    }

    /** Replaces the listener; the registry client sets itself here when it is enabled. */
    public void setListener(SessionListener listener) {
        this.listener = listener;
    }

    /** Makes {@code channel} the current socket of {@code imei}, superseding any older one. */
    public DeviceSession register(String imei, Channel channel) {
        DeviceSession session = new DeviceSession(imei, nextConn.incrementAndGet(), channel, System.currentTimeMillis());
        channel.attr(SESSION).set(session);
        DeviceSession[] previous = new DeviceSession[1];
        // The listener runs inside compute so that two handshakes of one IMEI on different event loops
        // reach it in the order they became current. The map's bin lock is only ever taken by event
        // loops, and the listener only hands the event off, so nothing waits on the registry here.
        current.compute(imei, (key, old) -> {
            previous[0] = old;
            listener.onRegistered(session);
            return session;
        });
        channel.closeFuture().addListener(f -> closed(session));
        if (previous[0] != null) {
            closer.close(previous[0].channel(), CloseReason.SUPERSEDED, "newer handshake on conn " + session.conn());
        }
        return session;
    }

    private void closed(DeviceSession session) {
        current.computeIfPresent(session.imei(), (key, now) -> {
            if (now != session) {
                return now;
            }
            listener.onClosed(session, ConnectionCloser.reasonOf(session.channel()));
            return null;
        });
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
