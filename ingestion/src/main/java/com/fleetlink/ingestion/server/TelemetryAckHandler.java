package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.telemetry.SinkOverloadedException;
import com.fleetlink.ingestion.telemetry.TelemetryBatch;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hands each AVL packet to the telemetry sink and answers the device with the number of records
 * accepted, only once the sink has them.
 *
 * <p>ACKs leave in the order the packets arrived even though the sink completes elsewhere: each
 * packet takes a place in a queue owned by this handler (touched only on the channel's event loop)
 * and a completed head is written out only when everything before it has been. A resendable
 * rejection takes a place too and is answered with zero. When {@code maxPendingAcks} packets wait
 * on the sink, reading pauses: back-pressure reaches the device instead of piling up here. Only when
 * the oldest packet has waited {@code stallTimeout} is the socket closed without its ACK, so a sink
 * that is slow for a while (a Kafka leader election) pauses devices rather than disconnecting them. A sink
 * that refuses a packet for want of room ({@link SinkOverloadedException}) is asked again after a short
 * back-off, the packet still owed and reading paused, until it takes it or the stall timeout closes the
 * socket; packets read meanwhile wait behind it, so the sink sees a device's packets in order. When the
 * queue fills from empty and when it empties again it says so with an {@link AckQueueEvent}, for the
 * command slot.
 */
final class TelemetryAckHandler extends ChannelInboundHandlerAdapter {
    private final TelemetrySink sink;
    private final int maxPendingAcks;
    private final long stallTimeoutNanos;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private final Queue<PendingAck> pending = new ArrayDeque<>();
    /** Owed packets the sink has not taken yet, oldest first; only the head is offered to it. */
    private final Queue<PendingAck> unhanded = new ArrayDeque<>();
    private final HandOffBackoff backoff = new HandOffBackoff();
    private boolean draining;
    /** The one timer watching the oldest pending packet; null while none waits. */
    private ScheduledFuture<?> stallCheck;
    /** The timer that offers the head of {@link #unhanded} again; null while none was refused. */
    private ScheduledFuture<?> handOffRetry;

    TelemetryAckHandler(TelemetrySink sink, int maxPendingAcks, Duration stallTimeout, ConnectionCloser closer,
                        IngestionMetrics metrics) {
        this.sink = sink;
        this.maxPendingAcks = maxPendingAcks;
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AvlPacket packet) {
            accept(ctx, packet);
        } else if (msg instanceof Rejected) {
            owe(ctx, PendingAck.zero());
            flushReady(ctx);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void accept(ChannelHandlerContext ctx, AvlPacket packet) {
        DeviceSession session = SessionTable.sessionOf(ctx.channel());
        PendingAck ack = new PendingAck(packet.codec(), packet.records().size(), System.nanoTime(),
                new TelemetryBatch(session.imei(), System.currentTimeMillis(), packet.codec(), packet.records()));
        owe(ctx, ack);
        watchOldest(ctx);
        unhanded.add(ack);
        if (unhanded.size() == 1) {
            handOff(ctx);
        }
        if (!unhanded.isEmpty() || pending.size() >= maxPendingAcks) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Offers the waiting packets to the sink in order until it refuses one for want of room. */
    private void handOff(ChannelHandlerContext ctx) {
        while (!unhanded.isEmpty()) {
            PendingAck ack = unhanded.peek();
            CompletableFuture<Void> stage = sink.accept(ack.batch).toCompletableFuture();
            if (refusedForRoom(stage)) {
                handOffRetry = ctx.executor().schedule(() -> retryHandOff(ctx), backoff.next(), TimeUnit.MILLISECONDS);
                return;
            }
            unhanded.poll();
            backoff.reset();
            ack.handedOff();
            stage.whenComplete((ignored, error) -> {
                metrics.sinkAnswered(System.nanoTime() - ack.readNanos);
                ctx.executor().execute(() -> {
                    ack.complete(error);
                    flushReady(ctx);
                });
            });
        }
    }

    private void retryHandOff(ChannelHandlerContext ctx) {
        handOffRetry = null;
        if (ctx.channel().isActive()) {
            handOff(ctx);
            resumeReadingIfRoom(ctx);
        }
    }

    /** Whether the sink turned the batch away at once because it is full: the packet is still owed, not lost. */
    private static boolean refusedForRoom(CompletableFuture<Void> stage) {
        return stage.isCompletedExceptionally()
                && stage.handle((ignored, error) -> error instanceof SinkOverloadedException).join();
    }

    private void owe(ChannelHandlerContext ctx, PendingAck ack) {
        boolean first = pending.isEmpty();
        pending.add(ack);
        if (first) {
            ctx.fireUserEventTriggered(AckQueueEvent.OWED);
        }
    }

    private void flushReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        long now = System.nanoTime();
        while (!pending.isEmpty() && pending.peek().done) {
            PendingAck ack = pending.poll();
            if (ack.error != null) {
                giveUp(ctx, CloseReason.SINK_UNAVAILABLE, ack.error.getMessage());
                return;
            }
            if (ack.codec != null) {
                metrics.recordsAccepted(ack.codec, ack.records);
                // Written and flushed below, in this same call: that is the ACK leaving.
                metrics.ackWritten(now - ack.readNanos);
            }
            ctx.write(ctx.alloc().buffer(4).writeInt(ack.records));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            if (pending.isEmpty() && !draining) {
                // After the flush, so whatever the event lets out goes to the device behind the ACKs.
                ctx.fireUserEventTriggered(AckQueueEvent.SETTLED);
            }
        }
        watchOldest(ctx);
        if (draining) {
            closeWhenDrained(ctx);
        } else {
            resumeReadingIfRoom(ctx);
        }
    }

    private void resumeReadingIfRoom(ChannelHandlerContext ctx) {
        if (!draining && !ctx.channel().config().isAutoRead() && unhanded.isEmpty() && pending.size() < maxPendingAcks) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Arms the stall timer for the oldest pending packet unless it already runs; it re-arms itself for newer ones. */
    private void watchOldest(ChannelHandlerContext ctx) {
        if (stallCheck == null && !pending.isEmpty()) {
            long left = stallTimeoutNanos - (System.nanoTime() - pending.peek().readNanos);
            stallCheck = ctx.executor().schedule(() -> checkStall(ctx), left, TimeUnit.NANOSECONDS);
        }
    }

    private void checkStall(ChannelHandlerContext ctx) {
        stallCheck = null;
        PendingAck oldest = pending.peek();
        if (oldest == null) {
            return;
        }
        long waited = System.nanoTime() - oldest.readNanos;
        if (waited < stallTimeoutNanos) {
            watchOldest(ctx);
            return;
        }
        giveUp(ctx, CloseReason.SINK_STALLED,
                "oldest packet waited " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms on the telemetry sink");
    }

    /** Closes without the ACKs still owed: the device keeps those records and sends them again. */
    private void giveUp(ChannelHandlerContext ctx, CloseReason reason, String detail) {
        pending.clear();
        unhanded.clear();
        cancelTimers();
        closer.close(ctx.channel(), reason, detail);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimers();
    }

    private void cancelTimers() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        if (handOffRetry != null) {
            handOffRetry.cancel(false);
            handOffRetry = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainRequest.INSTANCE) {
            draining = true;
            ctx.channel().config().setAutoRead(false);
            closeWhenDrained(ctx);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void closeWhenDrained(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            closer.close(ctx.channel(), CloseReason.SHUTDOWN, "server shutting down");
        }
    }

    /** One answer owed to the device, in arrival order. */
    private static final class PendingAck {
        private final Codec codec;
        private final int records;
        /** When the packet came off the socket (it reaches this handler in the read that decoded it). */
        private final long readNanos;
        /** The records until the sink took them; null afterwards, so an owed ACK holds no more than its count. */
        private TelemetryBatch batch;
        private boolean done;
        private Throwable error;

        PendingAck(Codec codec, int records, long readNanos, TelemetryBatch batch) {
            this.codec = codec;
            this.records = records;
            this.readNanos = readNanos;
            this.batch = batch;
        }

        static PendingAck zero() {
            PendingAck ack = new PendingAck(null, 0, System.nanoTime(), null);
            ack.done = true;
            return ack;
        }

        void handedOff() {
            batch = null;
        }

        void complete(Throwable failure) {
            done = true;
            error = failure;
        }
    }

    /**
     * How long {@link TelemetryAckHandler} waits before offering a refused packet to a full sink again:
     * 50 ms doubling to 1 s, back to 50 ms once the sink takes one. Short enough that a queue which
     * drains in a moment costs the device little, long enough that thousands of paused sockets do not
     * spin on a sink that stays full.
     */
    private static final class HandOffBackoff {
        private static final long FIRST_MILLIS = 50;
        private static final long MAX_MILLIS = 1_000;

        private long nextMillis = FIRST_MILLIS;

        /** The wait before the next offer; each call doubles the one after, up to {@link #MAX_MILLIS}. */
        long next() {
            long wait = nextMillis;
            nextMillis = Math.min(nextMillis * 2, MAX_MILLIS);
            return wait;
        }

        /** Starts again from {@link #FIRST_MILLIS}: the sink took a packet. */
        void reset() {
            nextMillis = FIRST_MILLIS;
        }
    }
}
