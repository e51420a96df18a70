package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.protocol.local.LineError;
import com.fleetlink.protocol.local.ParsedLine;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each line into a {@code LocalMessage}. A bad line is counted, logged (at most one line per
 * error kind per interval) and dropped; the
 * connection survives unless the peer sends nothing but garbage for {@link #MAX_BAD_IN_A_ROW} lines.
 * Unknown types are counted apart and ignored (forward compatibility).
 */
final class LocalLineDecoder extends MessageToMessageDecoder<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(LocalLineDecoder.class);
    private static final RateLimitedLog rejections = new RateLimitedLog(log);
    /** A peer that sends this many bad lines in a row is not speaking the protocol. */
    static final int MAX_BAD_IN_A_ROW = 100;

    private final SidecarMetrics metrics;
    private int badInARow;
    /**
     * Where a direct buffer's line is copied for the codec: one array per connection, not one per line.
     * It grows with the longest line seen, up to the frame decoder's limit (a snapshot chunk's line is the longest).
     */
    private byte[] scratch = new byte[256];

    LocalLineDecoder(SidecarMetrics metrics) {
        super(ByteBuf.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        if (badInARow >= MAX_BAD_IN_A_ROW) {
            // Closing already: the rest of this read is not worth parsing.
            return;
        }
        byte[] bytes;
        int offset;
        int length = line.readableBytes();
        if (line.hasArray()) {
            bytes = line.array();
            offset = line.arrayOffset() + line.readerIndex();
        } else {
            // The codec copies what it keeps out of the bytes, so the next line may overwrite them.
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, Math.min(2 * scratch.length, LocalProtocol.MAX_LINE_BYTES))];
            }
            line.getBytes(line.readerIndex(), scratch, 0, length);
            bytes = scratch;
            offset = 0;
        }
        ParsedLine parsed = LocalProtocolCodec.decode(bytes, offset, length);
        if (parsed instanceof ParsedLine.Parsed p) {
            badInARow = 0;
            out.add(p.message());
        } else if (parsed instanceof ParsedLine.Invalid invalid) {
            reject(ctx, invalid.error(), invalid.detail());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reject(ctx, LineError.TOO_LONG, cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void reject(ChannelHandlerContext ctx, LineError error, String detail) {
        metrics.rejectedLine(error.label());
        if (error == LineError.UNKNOWN_TYPE) {
            log.debug("ignoring line of unknown type from {}: {}", ctx.channel().remoteAddress(), detail);
            return;
        }
        rejections.warn(error.label(), "rejected line ({}): {}", error.label(), detail);
        if (++badInARow == MAX_BAD_IN_A_ROW) {
            metrics.localClosed("bad_lines");
            rejections.warn("bad_lines", "closing local connection after {} bad lines in a row", badInARow);
            ctx.close();
        }
    }
}
