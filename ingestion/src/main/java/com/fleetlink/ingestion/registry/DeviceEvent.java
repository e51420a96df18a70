package com.fleetlink.ingestion.registry;

import com.fleetlink.protocol.local.LocalMessage;

/**
 * A change of a device's current socket, waiting for the writer. It has no {@code seq} yet: the
 * writer numbers events as it writes them, so events handed off concurrently by several event
 * loops still go out with increasing numbers.
 */
sealed interface DeviceEvent {

    /** The wire's {@code type} word, also the metric label. */
    String type();

    /** The line to send, numbered {@code seq}. */
    LocalMessage toMessage(long seq);

    /** A handshake succeeded on socket {@code conn} at {@code at} ms. */
    record Registered(String imei, long conn, long at) implements DeviceEvent {
        @Override
        public String type() {
            return "register";
        }

        @Override
        public LocalMessage toMessage(long seq) {
            return new LocalMessage.Register(imei, conn, at, seq);
        }
    }

    /** The device's current socket {@code conn} closed at {@code at} ms. */
    record Closed(String imei, long conn, long at, String reason) implements DeviceEvent {
        @Override
        public String type() {
            return "unregister";
        }

        @Override
        public LocalMessage toMessage(long seq) {
            return new LocalMessage.Unregister(imei, conn, at, seq, reason);
        }
    }
}
