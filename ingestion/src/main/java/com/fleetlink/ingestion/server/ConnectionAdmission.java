package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the open device sockets: one accepted beyond {@code maxConnections} is closed before
 * anything is read from it, so a flood of connects cannot exhaust file descriptors or memory of
 * the devices already served. Shared by every socket of one server.
 */
@Sharable
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
    private final int maxConnections;
    private final ConnectionCloser closer;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionAdmission(int maxConnections, ConnectionCloser closer) {
        this.maxConnections = maxConnections;
        this.closer = closer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Counted before the check and uncounted on every inactive, refused sockets included, so the
        // count never drifts.
        if (open.incrementAndGet() > maxConnections) {
            closer.close(ctx.channel(), CloseReason.OVER_CONNECTION_LIMIT, maxConnections + " sockets already open");
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
