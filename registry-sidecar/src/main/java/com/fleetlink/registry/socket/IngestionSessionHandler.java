package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.registry.core.IngestionPeer;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection of an ingestion after its {@code hello}: hands every message to the core. */
final class IngestionSessionHandler extends SimpleChannelInboundHandler<LocalMessage> implements IngestionPeer {
    private static final Logger log = LoggerFactory.getLogger(IngestionSessionHandler.class);
    private static final RateLimitedLog drops = new RateLimitedLog(log);

    private final SidecarCore core;
    private final Channel channel;
    private final SidecarMetrics metrics;

    IngestionSessionHandler(SidecarCore core, Channel channel, SidecarMetrics metrics) {
        this.core = core;
        this.channel = channel;
        this.metrics = metrics;
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
            metrics.droppedLine(message.type());
            drops.warn("not_reading", "ingestion is not reading; dropped {}", message.type());
        }
    }

    @Override
    public void close(String why) {
        log.info("closing ingestion connection: {}", why);
        channel.close();
    }
}
