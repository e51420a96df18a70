package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds the handshake deadline of one admitted socket: closes it if the IMEI is not accepted within
 * the handshake timeout from accept, or within the shorter timeout under pressure when the
 * handshaking pool is more than half full at one of its checks (every pressure timeout, so a flood
 * that starts later still catches it). Unlike the idle timeout, trickled bytes do not push the
 * deadline back, so a slowloris handshake holds a socket for the timeout at most. On
 * {@link HandshakeCompleted} it takes the socket out of the handshaking pool and removes itself.
 */
final class HandshakeGuard extends ChannelInboundHandlerAdapter {
    private final ConnectionLimits limits;
    private final HandshakeAdmission admission;
    private final ConnectionCloser closer;
    private long acceptedNanos;
    private ScheduledFuture<?> check;

    HandshakeGuard(ConnectionLimits limits, HandshakeAdmission admission, ConnectionCloser closer) {
        this.limits = limits;
        this.admission = admission;
        this.closer = closer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        acceptedNanos = System.nanoTime();
        scheduleCheck(ctx, limits.handshakeTimeout().toNanos());
        ctx.fireChannelActive();
    }

    private void scheduleCheck(ChannelHandlerContext ctx, long remainingNanos) {
        long delay = Math.min(remainingNanos, limits.pressureHandshakeTimeout().toNanos());
        check = ctx.executor().schedule(() -> check(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        long waited = System.nanoTime() - acceptedNanos;
        long remaining = limits.handshakeTimeout().toNanos() - waited;
        if (remaining <= 0) {
            closer.close(ctx.channel(), CloseReason.HANDSHAKE_TIMEOUT,
                    "no accepted handshake " + limits.handshakeTimeout().toMillis() + " ms after accept");
        } else if (admission.underPressure()) {
            closer.close(ctx.channel(), CloseReason.PRESSURE_HANDSHAKE_TIMEOUT, "no accepted handshake "
                    + Duration.ofNanos(waited).toMillis() + " ms after accept while the handshaking pool is over half full");
        } else {
            scheduleCheck(ctx, remaining);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == HandshakeCompleted.INSTANCE) {
            admission.handshaken(AdmissionTicket.of(ctx.channel()));
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelCheck();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelCheck();
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
