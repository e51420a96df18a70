package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.registry.core.IngestionPeer;
import com.fleetlink.registry.core.SidecarCore;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection of an ingestion after its {@code hello}: hands every message to the core. */
final class IngestionSessionHandler extends SimpleChannelInboundHandler<LocalMessage> implements IngestionPeer {
    private static final Logger log = LoggerFactory.getLogger(IngestionSessionHandler.class);

    private final SidecarCore core;
    private final Channel channel;

    IngestionSessionHandler(SidecarCore core, Channel channel) {
        this.core = core;
        this.channel = channel;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalMessage message) {
        core.received(this, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.detach(this, "connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void send(LocalMessage message) {
        // A peer that stops reading must not grow our memory: past the high-water mark, lines are dropped.
        if (channel.isWritable()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(LocalProtocolCodec.encode(message)));
        } else {
            log.warn("ingestion is not reading; dropped {}", message.type());
        }
    }

    @Override
    public void close(String why) {
        log.info("closing ingestion connection: {}", why);
        channel.close();
    }
}
