package com.fleetlink.ingestion.session;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The device's address as everything else shows it: the source a PROXY protocol header named, when
 * the socket came through a load balancer that sent one, else the socket's own peer.
 */
public final class PeerAddress {
    private static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf("proxiedPeer");

    private PeerAddress() {
    }

    /** Records the source address a PROXY header gave for {@code channel}. */
    public static void setProxied(Channel channel, InetSocketAddress source) {
        channel.attr(PROXIED).set(source);
    }

    /** The device's address: the proxied source if one was recorded, else the socket's peer. */
    public static SocketAddress of(Channel channel) {
        InetSocketAddress proxied = channel.attr(PROXIED).get();
        return proxied != null ? proxied : channel.remoteAddress();
    }
}
