package com.fleetlink.registry.socket;

/** Another live daemon answers on the socket path: this one must not start. */
public final class SocketInUseException extends RuntimeException {
    public SocketInUseException(String message) {
        super(message);
    }
}
