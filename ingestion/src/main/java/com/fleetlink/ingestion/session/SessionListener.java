package com.fleetlink.ingestion.session;

/**
 * Told when a device's current socket changes. Called on the socket's event loop, after the
 * {@link SessionTable} shows the change: implementations must not block (the registry client hands
 * the event off and returns).
 */
public interface SessionListener {

    /** A handshake succeeded and {@code session} is now the device's current socket. */
    void onRegistered(DeviceSession session);

    /**
     * The device's current socket closed. Not called for a socket that a newer handshake had
     * already superseded: that device is still connected.
     */
    void onClosed(DeviceSession session, CloseReason reason);

    /** A listener that does nothing, for a server running without the registry. */
    SessionListener NONE = new SessionListener() {
        @Override
        public void onRegistered(DeviceSession session) {
        }

        @Override
        public void onClosed(DeviceSession session, CloseReason reason) {
        }
    };
}
