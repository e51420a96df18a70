package com.fleetlink.ingestion.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Tells the {@link HandshakeAdmission} when the first handshake byte arrives, which makes the socket
 * no longer silent and so no longer evictable, then removes itself. It sits after the PROXY header
 * handlers: the balancer sends a header for every socket it opens, so only the device's own bytes
 * show it talks.
 */
final class HandshakeTalkWatch extends ChannelInboundHandlerAdapter {
    private final HandshakeAdmission admission;

    HandshakeTalkWatch(HandshakeAdmission admission) {
        this.admission = admission;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            admission.talked(AdmissionTicket.of(ctx.channel()));
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
