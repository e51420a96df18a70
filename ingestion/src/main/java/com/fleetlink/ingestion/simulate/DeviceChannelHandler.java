package com.fleetlink.ingestion.simulate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline of one device socket: turns the server's bytes into the device's events (the
 * one-byte handshake answer, four-byte ACKs) and tells it when the socket opens and closes. A new
 * one per socket, because a device reconnects while its old socket may still be winding down.
 */
final class DeviceChannelHandler extends ByteToMessageDecoder {
    private final SimulatedDevice device;

    DeviceChannelHandler(SimulatedDevice device) {
        this.device = device;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        device.connected(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = device.answerLength(ctx.channel());
        if (length == 0) {
            // Nothing is expected (a server-initiated command, or the device is closing): ignore it.
            in.skipBytes(in.readableBytes());
        } else if (in.readableBytes() >= length) {
            if (length == 1) {
                device.handshakeAnswered(ctx.channel(), in.readUnsignedByte());
            } else {
                device.acknowledged(ctx.channel(), in.readInt());
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Decodes any answer that arrived together with the close first.
        super.channelInactive(ctx);
        device.closed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a failed write: the close that follows tells the device.
        ctx.close();
    }
}
