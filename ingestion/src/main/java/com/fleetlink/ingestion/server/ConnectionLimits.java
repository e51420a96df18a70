package com.fleetlink.ingestion.server;

import java.time.Duration;

/**
 * Bounds on what sockets that have not (yet) proved to be devices may hold, checked when built.
 *
 * <p>Both caps are global, not per source address: cellular carriers put thousands of trackers
 * behind a few NAT addresses, and behind a load balancer without the PROXY protocol every socket
 * comes from the balancer, so a per-address cap would refuse real fleets first.
 *
 * @param maxConnections   open device sockets, handshaken or not; a socket accepted beyond it is closed at once
 * @param maxHandshaking   sockets accepted but not yet through the IMEI handshake; one beyond it is closed at once
 * @param handshakeTimeout from accept to the handshake's {@code 01} (PROXY header included); a socket
 *                         still handshaking then is closed, however many bytes it trickled in
 */
public record ConnectionLimits(int maxConnections, int maxHandshaking, Duration handshakeTimeout) {
    /** Well above the 10,000 devices one instance is sized for; each idle socket costs a few KiB. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
    /**
     * A reconnect storm after a restart handshakes thousands at once, each done within a round trip,
     * so 5,000 leaves room for it while capping what never-handshaking sockets can pin.
     */
    public static final int DEFAULT_MAX_HANDSHAKING = 5_000;
    /** A tracker sends its IMEI right after connecting; 15 s covers a slow cellular link. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** Every default. */
    public static final ConnectionLimits DEFAULTS =
            new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HANDSHAKING, DEFAULT_HANDSHAKE_TIMEOUT);

    public ConnectionLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        }
        if (maxHandshaking < 1) {
            throw new IllegalArgumentException("max handshaking sockets must be at least 1, not " + maxHandshaking);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
    }
}
