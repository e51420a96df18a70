package com.fleetlink.ingestion.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Admits each accepted socket through the {@link HandshakeAdmission} before anything is read from
 * it, so a flood of connects cannot exhaust file descriptors or memory of the devices already
 * served, and settles its books when it closes. A refused socket is closed here and goes no further.
 * Shared by every socket of one server.
 */
@Sharable
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
    private final HandshakeAdmission admission;
    private final boolean peerIsDevice;

    /** {@code peerIsDevice}: false when a PROXY header names the device, so the socket's peer is the balancer. */
    ConnectionAdmission(HandshakeAdmission admission, boolean peerIsDevice) {
        this.admission = admission;
        this.peerIsDevice = peerIsDevice;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress peer = ctx.channel().remoteAddress();
        boolean known = peerIsDevice && peer instanceof InetSocketAddress;
        if (admission.admit(ctx.channel(), known ? ((InetSocketAddress) peer).getAddress() : null) != null) {
            ctx.fireChannelActive();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        AdmissionTicket ticket = AdmissionTicket.of(ctx.channel());
        if (ticket != null) {
            admission.closed(ticket);
        }
        ctx.fireChannelInactive();
    }
}
