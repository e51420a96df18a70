package com.fleetlink.bench.chaos;

import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The pipeline of one chaos device socket: the one-byte handshake answer, then four-byte ACKs and
 * the server's command frames (Codec 12 or 14), handed to the {@link ChaosDevice} with the socket
 * they came on (a device may have two open).
 */
final class DeviceSocketHandler extends ByteToMessageDecoder {
    /** Far above any command the server writes; a longer length field is garbage, not a frame to wait for. */
    private static final int MAX_COMMAND_FRAME = 64 * 1024;

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
        } else if (in.readableBytes() < 4) {
            return;
        } else if (in.getInt(in.readerIndex()) == 0) {
            // Every chaos packet carries records, so no ACK reads 0: four zero bytes start a command frame.
            readCommand(in);
        } else {
            device.acknowledged(socket, in.readInt());
        }
    }

    private void readCommand(ByteBuf in) {
        if (in.readableBytes() < TeltonikaPacketParser.HEADER_LENGTH) {
            return;
        }
        long dataLength = in.getUnsignedInt(in.readerIndex() + 4);
        if (dataLength > MAX_COMMAND_FRAME) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int frameLength = (int) dataLength + TeltonikaPacketParser.HEADER_LENGTH + TeltonikaPacketParser.CRC_LENGTH;
        if (in.readableBytes() >= frameLength
                && TeltonikaPacketParser.parse(in.readSlice(frameLength)) instanceof CommandMessage command) {
            device.commandReceived(socket, command);
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
