package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.metrics.IngestionMetrics.HandshakeResult;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.SessionTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first step of every connection: reads the two-byte length and the IMEI, answers {@code 01}
 * and registers the device, or answers {@code 00} and closes.
 *
 * <p>Removes itself once the device is accepted; whatever bytes followed the IMEI in the same read
 * go on to the frame decoder.
 */
final class ImeiHandshakeHandler extends ByteToMessageDecoder {
    private static final int IMEI_LENGTH = 15;
    private static final ByteBuf ACCEPT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {1}));
    private static final ByteBuf REJECT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {0}));

    private final ImeiPolicy policy;
    private final SessionTable sessions;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private boolean rejected;

    ImeiHandshakeHandler(ImeiPolicy policy, SessionTable sessions, ConnectionCloser closer, IngestionMetrics metrics) {
        this.policy = policy;
        this.sessions = sessions;
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 2) {
            return;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length != IMEI_LENGTH) {
            reject(ctx, in, HandshakeResult.MALFORMED, "handshake length field is " + length + ", not 15");
            return;
        }
        if (in.readableBytes() < 2 + IMEI_LENGTH) {
            return;
        }
        in.skipBytes(2);
        String imei = in.readCharSequence(IMEI_LENGTH, StandardCharsets.ISO_8859_1).toString();
        String problem = policy.rejection(imei);
        if (problem != null) {
            reject(ctx, in, HandshakeResult.INVALID_IMEI, problem);
            return;
        }
        metrics.handshake(HandshakeResult.ACCEPTED);
        // From the head, so the handshake guard before this handler sees it and cancels its deadline.
        ctx.pipeline().fireUserEventTriggered(HandshakeCompleted.INSTANCE);
        // Registered before the answer, so a device that saw 01 is already in the session table.
        sessions.register(imei, ctx.channel());
        ctx.writeAndFlush(ACCEPT.duplicate());
        ctx.pipeline().remove(this);
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, HandshakeResult result, String why) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        metrics.handshake(result);
        ctx.writeAndFlush(REJECT.duplicate()).addListener((ChannelFutureListener) f ->
                closer.close(ctx.channel(), CloseReason.HANDSHAKE_REJECTED, why));
    }
}
