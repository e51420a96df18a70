package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/** Turns each whole frame into a {@link DecodeResult} and counts decoded packets by codec. */
final class AvlPacketDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final IngestionMetrics metrics;

    AvlPacketDecoder(IngestionMetrics metrics) {
        super(ByteBuf.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        DecodeResult result = TeltonikaPacketParser.parse(frame);
        if (result instanceof DecodeResult.AvlPacket packet) {
            metrics.packet(packet.codec());
        } else if (result instanceof DecodeResult.CommandMessage message) {
            metrics.packet(message.codec());
        }
        out.add(result);
    }
}
