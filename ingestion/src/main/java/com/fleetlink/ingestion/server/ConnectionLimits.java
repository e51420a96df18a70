package com.fleetlink.ingestion.server;

import java.time.Duration;

/**
 * Bounds on what sockets that have not (yet) proved to be devices may hold, checked when built.
 *
 * <p>The two caps are global. When one is reached, a new socket takes the place of the oldest
 * socket that has not sent a byte of its handshake yet (it is closed, "evicted"), and is refused
 * only when no such silent socket is left: a tracker sends its IMEI within a round trip of
 * connecting, so a flood of idle sockets cannot lock real devices out. The evicted sockets still
 * closing are bounded by {@code maxHandshaking}, so the open sockets never exceed
 * {@code maxConnections + maxHandshaking}.
 *
 * <p>The per-address cap counts only silent sockets: cellular carriers put thousands of trackers
 * behind a few NAT addresses, and those talk at once, while a flood from one address stays silent.
 *
 * @param maxConnections           open device sockets, handshaken or not
 * @param maxHandshaking           sockets accepted but not yet through the IMEI handshake
 * @param handshakeTimeout         from accept to the handshake's {@code 01} (PROXY header included); a
 *                                 socket still handshaking then is closed, however many bytes it trickled in
 * @param pressureHandshakeTimeout the shorter deadline that applies while more than half of
 *                                 {@code maxHandshaking} is in use
 * @param maxSilentPerAddress      silent sockets from one source address (the PROXY header's, else the
 *                                 socket's peer); one more evicts that address's oldest; {@code 0} turns it off
 */
public record ConnectionLimits(int maxConnections, int maxHandshaking, Duration handshakeTimeout,
                               Duration pressureHandshakeTimeout, int maxSilentPerAddress) {
    /** Well above the 10,000 devices one instance is sized for; each idle socket costs a few KiB. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50_000;
    /**
     * A reconnect storm after a restart handshakes thousands at once, each done within a round trip,
     * so 5,000 leaves room for it while capping what never-handshaking sockets can pin.
     */
    public static final int DEFAULT_MAX_HANDSHAKING = 5_000;
    /** A tracker sends its IMEI right after connecting; 15 s covers a slow cellular link. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** A tracker needs a round trip or two, even on a poor cellular link. */
    public static final Duration DEFAULT_PRESSURE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Off: eviction and the pressure deadline already let devices in under a flood, and a cap's cost
     * falls on devices that share the flooding address. Where the PROXY protocol gives each device its
     * own address, half the handshaking pool (2,500) is a sound value.
     */
    public static final int DEFAULT_MAX_SILENT_PER_ADDRESS = 0;
    /** Every default. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HANDSHAKING,
            DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_PRESSURE_HANDSHAKE_TIMEOUT, DEFAULT_MAX_SILENT_PER_ADDRESS);

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
        if (pressureHandshakeTimeout.isNegative() || pressureHandshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout under pressure must be positive");
        }
        if (maxSilentPerAddress < 0) {
            throw new IllegalArgumentException("max silent sockets per address must not be negative, not " + maxSilentPerAddress);
        }
    }

    /** The two caps and the deadline given, the other settings at their defaults. */
    public ConnectionLimits(int maxConnections, int maxHandshaking, Duration handshakeTimeout) {
        this(maxConnections, maxHandshaking, handshakeTimeout, DEFAULT_PRESSURE_HANDSHAKE_TIMEOUT, DEFAULT_MAX_SILENT_PER_ADDRESS);
    }

    /** These limits with another per-address cap on silent sockets. */
    public ConnectionLimits withMaxSilentPerAddress(int cap) {
        return new ConnectionLimits(maxConnections, maxHandshaking, handshakeTimeout, pressureHandshakeTimeout, cap);
    }

    /** These limits with another deadline under pressure. */
    public ConnectionLimits withPressureHandshakeTimeout(Duration timeout) {
        return new ConnectionLimits(maxConnections, maxHandshaking, handshakeTimeout, timeout, maxSilentPerAddress);
    }

    /** Whether {@code handshaking} sockets in the handshake put the server under pressure: more than half the pool. */
    boolean underPressure(int handshaking) {
        return handshaking > maxHandshaking / 2;
    }
}
