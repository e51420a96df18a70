package com.fleetlink.bench.chaos;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline of one chaos device socket: the one-byte handshake answer, then four-byte ACKs,
 * handed to the {@link ChaosDevice} with the socket they came on (a device may have two open).
 */
final class DeviceSocketHandler extends ByteToMessageDecoder {
    private final ChaosDevice device;
    private final ChaosDevice.Socket socket;

    DeviceSocketHandler(ChaosDevice device, ChaosDevice.Socket socket) {
        this.device = device;
        this.socket = socket;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        device.opened(socket, ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!socket.handshaken()) {
            device.handshakeAnswered(socket, in.readUnsignedByte());
        } else if (in.readableBytes() >= 4) {
            device.acknowledged(socket, in.readInt());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Decodes an answer that arrived together with the close first.
        super.channelInactive(ctx);
        device.closed(socket);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset: the close that follows tells the device.
        ctx.close();
    }
}
