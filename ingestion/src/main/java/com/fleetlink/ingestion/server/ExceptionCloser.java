package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;

/**
 * Last in every pipeline: whatever was thrown and not handled closes the socket. An I/O error is
 * the peer going away (a reset), anything else is a bug worth a warning.
 */
@Sharable
final class ExceptionCloser extends ChannelInboundHandlerAdapter {
    private final ConnectionCloser closer;

    ExceptionCloser(ConnectionCloser closer) {
        this.closer = closer;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CloseReason reason = cause instanceof IOException ? CloseReason.PEER_CLOSED : CloseReason.ERROR;
        closer.close(ctx.channel(), reason, cause.toString());
    }
}
