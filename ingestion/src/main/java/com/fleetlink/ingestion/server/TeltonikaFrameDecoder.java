package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import com.fleetlink.ingestion.teltonika.RejectReason;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream after the handshake into whole frames; it never parses them.
 *
 * <p>Emits each frame (preamble to CRC) as a retained slice, swallows lone {@code 0xFF}
 * keep-alive bytes, and checks the length field against the frame limit before waiting for the
 * body, so a length that claims gigabytes never makes the cumulation buffer grow past the limit.
 * A frame that cannot be delimited (bad preamble, oversized or undersized length) is emitted as a
 * {@link Rejected}; after that the stream has no trustworthy boundaries left, so everything that
 * follows is discarded until the socket closes.
 */
final class TeltonikaFrameDecoder extends ByteToMessageDecoder {
    private static final int KEEP_ALIVE = 0xFF;
    private static final int OVERHEAD = TeltonikaPacketParser.HEADER_LENGTH + TeltonikaPacketParser.CRC_LENGTH;

    private final int maxFrameLength;
    private final IngestionMetrics metrics;
    private boolean discarding;

    TeltonikaFrameDecoder(int maxFrameLength, IngestionMetrics metrics) {
        this.maxFrameLength = maxFrameLength;
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        if (in.getUnsignedByte(start) == KEEP_ALIVE) {
            in.skipBytes(1);
            metrics.keepAlive();
            return;
        }
        if (in.readableBytes() < TeltonikaPacketParser.HEADER_LENGTH) {
            return;
        }
        if (in.getInt(start) != 0) {
            discard(in, out, RejectReason.BAD_PREAMBLE, String.format("preamble %08x", in.getInt(start)));
            return;
        }
        long dataLength = in.getUnsignedInt(start + 4);
        if (dataLength > maxFrameLength - OVERHEAD) {
            discard(in, out, RejectReason.FRAME_TOO_LONG,
                    "length field " + dataLength + " exceeds the " + maxFrameLength + "-byte frame limit");
            return;
        }
        if (dataLength < TeltonikaPacketParser.MIN_DATA_LENGTH) {
            discard(in, out, RejectReason.BAD_LENGTH, "length field " + dataLength + " is too small");
            return;
        }
        int frameLength = (int) dataLength + OVERHEAD;
        if (in.readableBytes() < frameLength) {
            return;
        }
        out.add(in.readRetainedSlice(frameLength));
    }

    /** Whether part of a frame has arrived and the rest not yet: the device already waits for that frame's answer. */
    boolean midFrame() {
        return !discarding && actualReadableBytes() > 0;
    }

    private void discard(ByteBuf in, List<Object> out, RejectReason reason, String detail) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        out.add(new Rejected(reason, detail));
    }
}
