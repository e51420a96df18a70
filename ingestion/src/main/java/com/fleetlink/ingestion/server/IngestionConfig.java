package com.fleetlink.ingestion.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one ingestion server, checked when built.
 *
 * @param host            address to listen on
 * @param port            device port, {@code 0} for any free one
 * @param maxFrameLength  largest frame accepted, preamble to CRC, in bytes
 * @param idleTimeout     a socket silent this long is closed
 * @param imeiPolicy      which IMEIs the handshake accepts
 * @param maxPendingAcks  packets per socket that may wait on the sink before reading pauses
 * @param maxBadCrcInARow resendable rejections in a row before the socket is closed
 * @param drainTimeout    how long shutdown waits for in-flight frames to be acknowledged
 * @param limits          caps on open and handshaking sockets, and the handshake deadline
 * @param proxyProtocol   whether sockets start with a PROXY protocol header, and which version
 * @param sinkStallTimeout a socket whose oldest packet waited this long on the sink is closed without its ACK
 * @param commandLateWindow after a command's response timeout, how long its socket takes no new command
 *                          and counts a reply as the late reply of the timed-out one (design §9)
 */
public record IngestionConfig(String host, int port, int maxFrameLength, Duration idleTimeout,
                              ImeiPolicy imeiPolicy, int maxPendingAcks, int maxBadCrcInARow,
                              Duration drainTimeout, ConnectionLimits limits, ProxyProtocol proxyProtocol,
                              Duration sinkStallTimeout, Duration commandLateWindow) {
    /** Teltonika's customary port. */
    public static final int DEFAULT_PORT = 5027;
    /** 64 KiB: well above the 1280 bytes Teltonika documents, which real devices exceed. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
    /** The smallest frame limit: one record of Codec 8 without IO elements fits. */
    public static final int MIN_MAX_FRAME_LENGTH = 64;
    /** Ten minutes: devices on a 5-minute send period stay connected. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Devices wait for each ACK, so a handful is plenty. */
    public static final int DEFAULT_MAX_PENDING_ACKS = 8;
    /** Three bad CRCs in a row mean a broken line, not a transient error. */
    public static final int DEFAULT_MAX_BAD_CRC_IN_A_ROW = 3;
    /** Design §4 rule 8: the pod's grace period has room for this. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than a Kafka leader election, so one does not turn into a fleet-wide reconnect storm. */
    public static final Duration DEFAULT_SINK_STALL_TIMEOUT = Duration.ofSeconds(30);
    /** A minute: a reply later than that (which cannot be told apart, Codec 12 carries no id) needs a device a minute late. */
    public static final Duration DEFAULT_COMMAND_LATE_WINDOW = Duration.ofSeconds(60);

    public IngestionConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (maxFrameLength < MIN_MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("max frame length must be at least " + MIN_MAX_FRAME_LENGTH + " bytes, not " + maxFrameLength);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (maxPendingAcks < 1) {
            throw new IllegalArgumentException("max pending ACKs must be at least 1");
        }
        if (maxBadCrcInARow < 0) {
            throw new IllegalArgumentException("max bad CRCs in a row must not be negative");
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (sinkStallTimeout.isNegative() || sinkStallTimeout.isZero()) {
            throw new IllegalArgumentException("sink stall timeout must be positive");
        }
        if (commandLateWindow.isNegative()) {
            throw new IllegalArgumentException("command late window must not be negative");
        }
    }

    /** The default connection limits, sink stall timeout and command late window, no PROXY protocol. */
    public IngestionConfig(String host, int port, int maxFrameLength, Duration idleTimeout, ImeiPolicy imeiPolicy,
                           int maxPendingAcks, int maxBadCrcInARow, Duration drainTimeout) {
        this(host, port, maxFrameLength, idleTimeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow, drainTimeout,
                ConnectionLimits.DEFAULTS, ProxyProtocol.OFF, DEFAULT_SINK_STALL_TIMEOUT, DEFAULT_COMMAND_LATE_WINDOW);
    }

    /** Every default, listening on all interfaces at {@code port}. */
    public static IngestionConfig defaults(int port) {
        return new IngestionConfig("0.0.0.0", port, DEFAULT_MAX_FRAME_LENGTH, DEFAULT_IDLE_TIMEOUT,
                ImeiPolicy.DIGITS_ONLY, DEFAULT_MAX_PENDING_ACKS, DEFAULT_MAX_BAD_CRC_IN_A_ROW, DEFAULT_DRAIN_TIMEOUT);
    }

    /** This configuration with another idle timeout. */
    public IngestionConfig withIdleTimeout(Duration timeout) {
        return new IngestionConfig(host, port, maxFrameLength, timeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow,
                drainTimeout, limits, proxyProtocol, sinkStallTimeout, commandLateWindow);
    }

    /** This configuration with other connection limits. */
    public IngestionConfig withLimits(ConnectionLimits other) {
        return new IngestionConfig(host, port, maxFrameLength, idleTimeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow,
                drainTimeout, other, proxyProtocol, sinkStallTimeout, commandLateWindow);
    }

    /** This configuration with another PROXY protocol mode. */
    public IngestionConfig withProxyProtocol(ProxyProtocol mode) {
        return new IngestionConfig(host, port, maxFrameLength, idleTimeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow,
                drainTimeout, limits, mode, sinkStallTimeout, commandLateWindow);
    }

    /** This configuration with another command late window. */
    public IngestionConfig withCommandLateWindow(Duration window) {
        return new IngestionConfig(host, port, maxFrameLength, idleTimeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow,
                drainTimeout, limits, proxyProtocol, sinkStallTimeout, window);
    }

    /** This configuration with another sink stall timeout. */
    public IngestionConfig withSinkStallTimeout(Duration timeout) {
        return new IngestionConfig(host, port, maxFrameLength, idleTimeout, imeiPolicy, maxPendingAcks, maxBadCrcInARow,
                drainTimeout, limits, proxyProtocol, timeout, commandLateWindow);
    }
}
