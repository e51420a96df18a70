package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Answers refused frames. Every rejection is counted; one the device can repair by resending (a
 * bad CRC) goes on to {@link TelemetryAckHandler}, which answers it with a zero ACK in order with
 * the other ACKs. Any other rejection, or more than {@code maxResendable} resendable ones in a
 * row, closes the socket: the device reconnects and resends what was not acknowledged.
 */
final class RejectedFrameHandler extends ChannelInboundHandlerAdapter {
    private final int maxResendable;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private int resendableInARow;

    RejectedFrameHandler(int maxResendable, ConnectionCloser closer, IngestionMetrics metrics) {
        this.maxResendable = maxResendable;
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Rejected rejected)) {
            resendableInARow = 0;
            ctx.fireChannelRead(msg);
            return;
        }
        metrics.frameRejected(rejected.reason());
        String detail = rejected.reason().label() + ": " + rejected.detail();
        if (!rejected.reason().resendable()) {
            closer.close(ctx.channel(), CloseReason.BAD_FRAME, detail);
        } else if (++resendableInARow > maxResendable) {
            closer.close(ctx.channel(), CloseReason.BAD_FRAME, detail + " (" + resendableInARow + " in a row)");
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
