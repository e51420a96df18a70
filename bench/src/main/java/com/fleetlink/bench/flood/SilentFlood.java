package com.fleetlink.bench.flood;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of issue 13: holds a number of sockets to the device port that never send a byte,
 * and opens a new one at once for every one that closes (the server evicted or timed it out), so the
 * number it tries to hold never drops. One event loop thread; the server under test needs the other core.
 *
 * <p>Sockets close with {@code SO_LINGER 0}, so stopping the flood leaves no client port in TIME_WAIT.
 */
final class SilentFlood implements AutoCloseable {
    /** A connect the kernel refused (backlog full, ports short) is tried again after this pause, not in a tight loop. */
    private static final long RETRY_MILLIS = 10;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private volatile boolean stopping;

    SilentFlood(String host, int port) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loop = group.next();
        bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .remoteAddress(new InetSocketAddress(host, port))
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new Reopener());
    }

    /** Opens {@code sockets} silent sockets, each re-opened whenever it closes, until {@link #close()}. */
    void start(int sockets) {
        loop.execute(() -> {
            for (int i = 0; i < sockets; i++) {
                connect();
            }
        });
    }

    private void connect() {
        if (stopping) {
            return;
        }
        bootstrap.connect().addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failedConnects.incrementAndGet();
                loop.schedule(this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Sockets open right now. */
    int open() {
        return open.get();
    }

    /** Connects that succeeded since the start, re-opens included. */
    long connected() {
        return connected.get();
    }

    /** Sockets the server closed (each re-opened). */
    long closedByServer() {
        return closedByServer.get();
    }

    /** Connects that failed (each tried again). */
    long failedConnects() {
        return failedConnects.get();
    }

    @Override
    public void close() {
        stopping = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Counts each socket in and out, re-opens it when the server closes it, and ignores anything the server sends. */
    @Sharable
    private final class Reopener extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            open.incrementAndGet();
            connected.incrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            if (!stopping) {
                closedByServer.incrementAndGet();
                connect();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset by the server is one more close; channelInactive re-opens.
            ctx.close();
        }
    }
}
