package com.fleetlink.ingestion.session;

import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * One handshaken device socket.
 *
 * @param conn        identifies this socket within one run of the server; increases with every handshake
 * @param connectedAt milliseconds since the Unix epoch when the handshake succeeded
 */
public record DeviceSession(String imei, long conn, Channel channel, long connectedAt) {

    /** The device's address, as the PROXY header gave it when there was one (see {@link PeerAddress}). */
    public SocketAddress remoteAddress() {
        return PeerAddress.of(channel);
    }
}
