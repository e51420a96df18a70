package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline of one device socket: turns the server's bytes into the device's events (the
 * one-byte handshake answer, four-byte ACKs, command frames) and tells it when the socket opens and closes. A new
 * one per socket, because a device reconnects while its old socket may still be winding down.
 */
final class DeviceChannelHandler extends ByteToMessageDecoder {
    /** Far above any command the server writes; a longer length field is garbage, not a frame to wait for. */
    private static final int MAX_COMMAND_FRAME = 64 * 1024;

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
        if (length == 1) {
            device.handshakeAnswered(ctx.channel(), in.readUnsignedByte());
        } else if (in.readableBytes() < 4) {
            return;
        } else if (in.getInt(in.readerIndex()) == 0) {
            // Every simulated packet carries records, so no ACK reads 0: four zero bytes start a command frame.
            readCommand(ctx, in);
        } else if (length == 4) {
            device.acknowledged(ctx.channel(), in.readInt());
        } else {
            // Nothing is expected (the device is closing): ignore it.
            in.skipBytes(in.readableBytes());
        }
    }

    private void readCommand(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < TeltonikaPacketParser.HEADER_LENGTH) {
            return;
        }
        long dataLength = in.getUnsignedInt(in.readerIndex() + 4);
        if (dataLength > MAX_COMMAND_FRAME) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int frameLength = (int) dataLength + TeltonikaPacketParser.HEADER_LENGTH + TeltonikaPacketParser.CRC_LENGTH;
        if (in.readableBytes() >= frameLength) {
            if (TeltonikaPacketParser.parse(in.readSlice(frameLength)) instanceof CommandMessage command) {
                device.commandReceived(ctx.channel(), command);
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
