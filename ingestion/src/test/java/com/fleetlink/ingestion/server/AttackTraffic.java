package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.testkit.Packets;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients against one server, on a single event loop of their own: sockets that connect
 * and never handshake, slowloris sockets that trickle an IMEI one byte per interval, and garbage
 * senders that handshake, send random bytes, and reconnect as soon as they are thrown out.
 */
final class AttackTraffic implements AutoCloseable {
    private static final String IMEI = "356307042449999";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Bootstrap bootstrap;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong garbageRounds = new AtomicLong();
    private volatile boolean closing;

    AttackTraffic(int port) {
        bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .option(ChannelOption.TCP_NODELAY, true)
                // A reset on close: thousands of client ports must not sit in TIME_WAIT after the test.
                .option(ChannelOption.SO_LINGER, 0)
                .handler(new Discard());
    }

    /** Whatever the server answers is of no interest to an attacker. */
    @Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Opens {@code count} sockets that never send a byte; returns once all are connected. */
    void flood(int count) {
        List<ChannelFuture> connects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            connects.add(keep(bootstrap.connect()));
        }
        for (ChannelFuture connect : connects) {
            connect.syncUninterruptibly();
        }
    }

    /** Opens {@code count} sockets, each sending the next byte of an IMEI handshake every {@code interval}. */
    void slowloris(int count, Duration interval) {
        byte[] handshake = Packets.imei(IMEI);
        for (int i = 0; i < count; i++) {
            Channel channel = keep(bootstrap.connect()).syncUninterruptibly().channel();
            int[] next = {0};
            loop.scheduleAtFixedRate(() -> {
                if (channel.isActive() && next[0] < handshake.length) {
                    channel.writeAndFlush(Unpooled.wrappedBuffer(handshake, next[0]++, 1));
                }
            }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Starts {@code count} clients that handshake, send 4 KiB of random bytes, and reconnect when closed. */
    void garbage(int count) {
        for (int i = 0; i < count; i++) {
            garbageRound(new Random(i));
        }
    }

    private void garbageRound(Random random) {
        if (closing) {
            return;
        }
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        ChannelFuture connect = keep(bootstrap.connect());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                return;
            }
            Channel channel = connect.channel();
            channel.writeAndFlush(Unpooled.wrappedBuffer(Packets.imei(IMEI), noise));
            channel.closeFuture().addListener(closed -> {
                garbageRounds.incrementAndGet();
                garbageRound(random);
            });
        });
    }

    private ChannelFuture keep(ChannelFuture connect) {
        loop.execute(() -> channels.add(connect.channel()));
        return connect;
    }

    /** Garbage senders thrown out so far. */
    long garbageRounds() {
        return garbageRounds.get();
    }

    @Override
    public void close() {
        closing = true;
        loop.submit(() -> channels.forEach(Channel::close)).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
