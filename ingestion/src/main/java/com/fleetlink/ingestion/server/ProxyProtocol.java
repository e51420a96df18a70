package com.fleetlink.ingestion.server;

import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.util.Locale;

/**
 * Whether device sockets start with a PROXY protocol header from a TCP load balancer, and which
 * versions are accepted. When on, the header is required: a socket without one is closed, since a
 * server that also took headerless sockets would let anyone who reaches it claim any address.
 */
public enum ProxyProtocol {
    /** No header expected: the socket's peer is the device. A PROXY header is then a bad handshake. */
    OFF,
    /** Only the text header, version 1 ({@code PROXY TCP4 ...\r\n}). */
    V1,
    /** Only the binary header, version 2. */
    V2,
    /** Either version. */
    ANY;

    /** Reads the flag's value: {@code off}, {@code v1}, {@code v2} or {@code any}, in any case. */
    public static ProxyProtocol parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PROXY protocol must be off, v1, v2 or any, not '" + text + "'", e);
        }
    }

    /** Whether a header of {@code version} is accepted. */
    boolean accepts(HAProxyProtocolVersion version) {
        return switch (this) {
            case OFF -> false;
            case V1 -> version == HAProxyProtocolVersion.V1;
            case V2 -> version == HAProxyProtocolVersion.V2;
            case ANY -> true;
        };
    }

    /** The flag's spelling, also the metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
