package com.fleetlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports nobody listens on, for a server that must keep its port across restarts. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port the kernel just handed out and took back. Another process may take it before the caller
     * binds it; where the server can pick its own port ({@code --port 0}), let it.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
