package com.fleetlink.bench.registry;

import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Device sockets that only do the IMEI handshake and then stay open, silent: the device side of
 * {@link ConnectionStorm}. One event loop thread (the server under test needs the other core), so
 * every field below is touched by that thread only. Each socket's moment of sending its IMEI and of
 * reading the {@code 01} is taken with {@link System#nanoTime()} on that thread.
 *
 * <p>Sockets close with {@code SO_LINGER 0} (a reset): a normal close would leave every client port
 * in TIME_WAIT for a minute, and a storm of 19,000 followed by another 10,000 connects would run out
 * of the 28,000 ephemeral ports.
 */
final class DeviceSockets implements AutoCloseable {
    /** Told of every answered handshake, on the event loop. */
    interface Listener {
        void accepted(int index, String imei, long sentNanos, long ackNanos);
    }

    /** What a batch of connects ended with. */
    record Outcome(int accepted, int failed, long firstSentNanos, long lastAckNanos, long[] handshakeNanos, String firstFailure) {
    }

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final List<Channel> open = new ArrayList<>();

    DeviceSockets(String host, int port) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loop = group.next();
        bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .remoteAddress(new InetSocketAddress(host, port))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /**
     * Connects {@code count} devices (IMEIs from {@code firstImei}) as fast as the server answers,
     * with at most {@code maxInFlight} handshakes outstanding so the accept backlog never overflows
     * (an overflow costs a one-second SYN retry, which would be measured as registry latency).
     */
    CompletableFuture<Outcome> storm(int count, long firstImei, int maxInFlight, Listener listener) {
        Batch batch = new Batch(count, firstImei, listener);
        loop.execute(() -> {
            for (int i = 0; i < Math.min(count, maxInFlight); i++) {
                batch.connectNext();
            }
        });
        return batch.done;
    }

    /** Connects {@code count} devices at {@code perSecond}, evenly spread, whatever the answers. */
    CompletableFuture<Outcome> paced(int count, long firstImei, int perSecond, Listener listener) {
        Batch batch = new Batch(count, firstImei, listener);
        loop.execute(() -> {
            long start = System.nanoTime();
            ScheduledFuture<?>[] ticker = new ScheduledFuture<?>[1];
            ticker[0] = loop.scheduleAtFixedRate(() -> {
                // Catches up by the clock, so a late tick connects what was due meanwhile.
                long due = Math.min(count, (System.nanoTime() - start) * perSecond / 1_000_000_000L + 1);
                while (batch.started < due) {
                    batch.connectNext();
                }
                if (batch.started == count) {
                    ticker[0].cancel(false);
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
        });
        return batch.done;
    }

    /** Resets every open socket and waits until they are closed. */
    void closeAll(Duration timeout) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.execute(() -> {
            List<Channel> all = new ArrayList<>(open);
            open.clear();
            int[] remaining = {all.size()};
            if (all.isEmpty()) {
                closed.complete(null);
            }
            for (Channel channel : all) {
                channel.close().addListener(f -> {
                    if (--remaining[0] == 0) {
                        closed.complete(null);
                    }
                });
            }
        });
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new BenchFailure("closing the device sockets did not finish: " + e, e);
        }
    }

    @Override
    public void close() {
        closeAll(Duration.ofSeconds(30));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "device sockets";
    }

    /** One set of connects; loop-confined. */
    private final class Batch {
        final int count;
        final long firstImei;
        final Listener listener;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        final long[] handshakeNanos;
        int started;
        int accepted;
        int failed;
        long firstSent = Long.MAX_VALUE;
        long lastAck = Long.MIN_VALUE;
        String firstFailure;

        Batch(int count, long firstImei, Listener listener) {
            this.count = count;
            this.firstImei = firstImei;
            this.listener = listener;
            this.handshakeNanos = new long[count];
        }

        void connectNext() {
            if (started == count) {
                return;
            }
            int index = started++;
            String imei = EventLines.imei(firstImei + index);
            bootstrap.clone().handler(new Handshake(this, index, imei)).connect().addListener(f -> {
                if (!f.isSuccess()) {
                    failed(index, "connect: " + f.cause());
                }
            });
        }

        void accepted(int index, String imei, long sent, long ack, Channel channel) {
            open.add(channel);
            accepted++;
            handshakeNanos[index] = ack - sent;
            firstSent = Math.min(firstSent, sent);
            lastAck = Math.max(lastAck, ack);
            listener.accepted(index, imei, sent, ack);
            next();
        }

        void failed(int index, String why) {
            failed++;
            if (firstFailure == null) {
                firstFailure = "device " + index + ": " + why;
            }
            next();
        }

        private void next() {
            connectNext();
            if (accepted + failed == count) {
                long[] answered = new long[accepted];
                int k = 0;
                for (long h : handshakeNanos) {
                    if (h > 0) {
                        answered[k++] = h;
                    }
                }
                java.util.Arrays.sort(answered, 0, k);
                done.complete(new Outcome(accepted, failed, firstSent, lastAck, java.util.Arrays.copyOf(answered, k), firstFailure));
            }
        }
    }

    /** One device socket until its handshake is answered; afterwards it ignores whatever arrives. */
    private static final class Handshake extends ChannelInboundHandlerAdapter {
        private final Batch batch;
        private final int index;
        private final String imei;
        private long sent;
        private boolean answered;

        Handshake(Batch batch, int index, String imei) {
            this.batch = batch;
            this.index = index;
            this.imei = imei;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf hello = Unpooled.buffer(17);
            TeltonikaPacketEncoder.writeImei(hello, imei);
            sent = System.nanoTime();
            ctx.writeAndFlush(hello);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (answered || !in.isReadable()) {
                    return;
                }
                long ack = System.nanoTime();
                answered = true;
                if (in.getByte(in.readerIndex()) == 1) {
                    batch.accepted(index, imei, sent, ack, ctx.channel());
                } else {
                    batch.failed(index, "handshake refused");
                    ctx.close();
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!answered) {
                answered = true;
                batch.failed(index, "closed before the handshake was answered");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
