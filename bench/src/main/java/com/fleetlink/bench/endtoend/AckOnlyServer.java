package com.fleetlink.bench.endtoend;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The least a Teltonika server can do: answer every IMEI with {@code 01} and every frame with the
 * record count byte it carries, without checking the CRC, decoding records or writing anything. The
 * baseline the real server's end-to-end figures are divided by: what the simulator, loopback and
 * Netty cost on this machine. Usage: {@code AckOnlyServer [PORT]} (default: a free port). Prints
 * {@code listening on PORT} and runs until killed.
 */
public final class AckOnlyServer {
    private AckOnlyServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, EpollIoHandler.newFactory());
        Channel channel = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new CountingAcker());
                    }
                })
                .bind("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0).sync().channel();
        System.out.println("listening on " + ((InetSocketAddress) channel.localAddress()).getPort());
        System.out.flush();
        channel.closeFuture().sync();
    }

    /** Handshake, then frames: each frame is answered with its first record count. */
    private static final class CountingAcker extends ByteToMessageDecoder {
        private boolean handshaken;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!handshaken) {
                if (in.readableBytes() < 17) {
                    return;
                }
                in.skipBytes(17);
                handshaken = true;
                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(1));
                return;
            }
            if (in.readableBytes() < 12) {
                return;
            }
            int frame = 12 + in.getInt(in.readerIndex() + 4);
            if (in.readableBytes() < frame) {
                return;
            }
            int count = in.getUnsignedByte(in.readerIndex() + 9);
            in.skipBytes(frame);
            ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(count));
        }
    }
}
