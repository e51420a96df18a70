package com.fleetlink.ingestion.session;

/**
 * Why a device socket closed. Every close the server decides goes through {@link ConnectionCloser}
 * with one of these; a socket the device closed itself ends as {@link #PEER_CLOSED}.
 */
public enum CloseReason {
    /** The device (or the network) closed the socket. */
    PEER_CLOSED("closed"),
    /** Nothing arrived within the idle timeout. */
    IDLE("idle"),
    /** The IMEI handshake was malformed or the IMEI invalid. */
    HANDSHAKE_REJECTED("error"),
    /** The handshake (PROXY header included) did not complete within the handshake timeout. */
    HANDSHAKE_TIMEOUT("error"),
    /** Accepted while the open-connection cap was reached and none was silent: closed before reading anything. */
    OVER_CONNECTION_LIMIT("error"),
    /** Accepted while the cap on sockets still in the handshake was reached and none was silent: closed before reading anything. */
    OVER_HANDSHAKE_LIMIT("error"),
    /** Had sent no handshake byte when a new socket needed its place under a full cap: the oldest such socket is evicted. */
    SILENT_EVICTED("error"),
    /** Had sent no handshake byte when its source address went over its cap of silent sockets: that address's oldest is evicted. */
    SILENT_OVER_ADDRESS_CAP("error"),
    /** Still in the handshake past the shorter deadline that applies while the handshaking pool is more than half full. */
    PRESSURE_HANDSHAKE_TIMEOUT("error"),
    /** The PROXY protocol is on and the socket did not start with an acceptable header. */
    PROXY_HEADER_REJECTED("error"),
    /** A frame was refused in a way resending cannot repair. */
    BAD_FRAME("error"),
    /** The same device completed a newer handshake on another socket. */
    SUPERSEDED("closed"),
    /** The telemetry sink refused the records; the device keeps and resends them after reconnecting. */
    SINK_UNAVAILABLE("error"),
    /** The oldest packet waited on the sink longer than the stall timeout: the device resends it after reconnecting. */
    SINK_STALLED("error"),
    /** An unexpected error on the socket. */
    ERROR("error"),
    /** The server is shutting down. */
    SHUTDOWN("shutdown");

    private final String registryReason;

    CloseReason(String registryReason) {
        this.registryReason = registryReason;
    }

    /** The metric label: the constant's name in lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The {@code reason} word of the local protocol's {@code unregister} event (design §3). */
    public String registryReason() {
        return registryReason;
    }
}
