package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards the handshake phase of one socket: counts it among the sockets still handshaking (one
 * beyond the cap is closed at once) and closes it if the IMEI is not accepted within the handshake
 * timeout from accept. Unlike the idle timeout, trickled bytes do not push this deadline back, so a
 * slowloris handshake holds a socket for the timeout at most. Removes itself on
 * {@link HandshakeCompleted}.
 */
final class HandshakeGuard extends ChannelInboundHandlerAdapter {
    private final ConnectionLimits limits;
    private final AtomicInteger handshaking;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private ScheduledFuture<?> deadline;
    private boolean counted;

    /** {@code handshaking} is shared by every socket of one server. */
    HandshakeGuard(ConnectionLimits limits, AtomicInteger handshaking, ConnectionCloser closer, IngestionMetrics metrics) {
        this.limits = limits;
        this.handshaking = handshaking;
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        metrics.handshakeStarted();
        if (handshaking.incrementAndGet() > limits.maxHandshaking()) {
            closer.close(ctx.channel(), CloseReason.OVER_HANDSHAKE_LIMIT,
                    limits.maxHandshaking() + " sockets already in the handshake");
            return;
        }
        Duration timeout = limits.handshakeTimeout();
        deadline = ctx.executor().schedule(() -> closer.close(ctx.channel(), CloseReason.HANDSHAKE_TIMEOUT,
                "no accepted handshake " + timeout.toMillis() + " ms after accept"), timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == HandshakeCompleted.INSTANCE) {
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        standDown();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        standDown();
    }

    private void standDown() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (counted) {
            counted = false;
            handshaking.decrementAndGet();
            metrics.handshakeEnded();
        }
    }
}
