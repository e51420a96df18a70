package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket's command slot (design §9 "On the wire"): one command in flight, written only when the
 * device owes us nothing and we owe it no ACK, its reply the next matching message on the socket.
 *
 * <p>The device reads whatever follows its packet as the packet's ACK, so the command waits while
 * {@link TelemetryAckHandler} owes one ({@link AckQueueEvent}) or while a frame is half received,
 * and goes out right after the last ACK. Codec 12 carries no id, so after a response timeout the
 * slot stays closed for the late window: a reply inside it is the late reply of the timed-out
 * command, never the answer to a next one. A command whose deadline has passed by the time it could
 * go out fails {@code expired} instead, never written. Everything here runs on the channel's event loop.
 */
final class CommandSlotHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(CommandSlotHandler.class);

    /** What the slot is doing. */
    private enum State {
        /** Free: a command may come. */
        IDLE,
        /** A command waits for the device to be owed no ACK. */
        WAITING,
        /** A command is written and its reply awaited. */
        AWAITING_REPLY,
        /** The command timed out; a reply now is its late reply, and no new command is taken. */
        LATE_WINDOW;

        boolean inFlight() {
            return this == WAITING || this == AWAITING_REPLY;
        }
    }

    private final CommandOutcomes outcomes;
    private final IngestionMetrics metrics;
    private final Duration lateWindow;
    private final BooleanSupplier midFrame;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private OutboundCommand command;
    private ScheduledFuture<?> timer;
    private boolean acksOwed;

    /**
     * @param midFrame whether part of a frame has arrived and the rest not yet: the device waits
     *                 for that frame's ACK already
     */
    CommandSlotHandler(CommandOutcomes outcomes, IngestionMetrics metrics, Duration lateWindow, BooleanSupplier midFrame) {
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.lateWindow = lateWindow;
        this.midFrame = midFrame;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Takes {@code next} into the slot, or reports why not. Only on the channel's event loop. */
    void offer(OutboundCommand next) {
        assert ctx.executor().inEventLoop();
        if (!ctx.channel().isActive()) {
            outcomes.report(failed(next, CommandFailReason.CLOSED, false));
        } else if (state != State.IDLE) {
            outcomes.report(failed(next, CommandFailReason.BUSY, false));
        } else {
            command = next;
            enter(State.WAITING);
            writeIfClear();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == AckQueueEvent.OWED) {
            acksOwed = true;
        } else if (evt == AckQueueEvent.SETTLED) {
            acksOwed = false;
            writeIfClear();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof CommandMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (isReplyTo(message)) {
            credit(message);
        } else {
            metrics.commandReplyUnsolicited();
            log.debug("imei={} unsolicited codec {} type {} message: {}", imeiOf(ctx), message.codec().label(),
                    message.type(), message.text());
        }
        // A Codec 12 frame that was half received held the command back, and no ACK will follow it.
        writeIfClear();
    }

    private boolean isReplyTo(CommandMessage message) {
        if (state != State.AWAITING_REPLY && state != State.LATE_WINDOW) {
            return false;
        }
        boolean sameCodec = message.codec().id() == codecOf(command).id();
        return sameCodec && (message.type() == CommandMessage.TYPE_RESPONSE
                || message.codec() == Codec.CODEC_14 && message.type() == CommandMessage.TYPE_NACK);
    }

    private void credit(CommandMessage reply) {
        OutboundCommand done = command;
        boolean late = state == State.LATE_WINDOW;
        free();
        long now = System.currentTimeMillis();
        if (reply.type() == CommandMessage.TYPE_NACK) {
            outcomes.report(failed(done, CommandFailReason.REJECTED_IMEI, true));
        } else {
            outcomes.report(new CommandOutcome.Result(done.id(), done.imei(), done.conn(), done.attempt(),
                    reply.payload(), late, now));
        }
        if (late) {
            outcomes.report(new CommandOutcome.Ready(done.imei(), done.conn()));
        }
    }

    private void writeIfClear() {
        if (state != State.WAITING) {
            return;
        }
        // Checked each time a write could happen, not only on arrival: an owed ACK may hold it past its expiry.
        if (command.deadline().passed()) {
            OutboundCommand expired = command;
            free();
            outcomes.report(failed(expired, CommandFailReason.EXPIRED, false));
            return;
        }
        if (acksOwed || midFrame.getAsBoolean()) {
            return;
        }
        OutboundCommand next = command;
        ByteBuf frame = ctx.alloc().buffer();
        if (next.codec() == 14) {
            TeltonikaPacketEncoder.writeCodec14(frame, CommandMessage.TYPE_COMMAND, next.imei(), next.payload());
        } else {
            TeltonikaPacketEncoder.writeCodec12(frame, CommandMessage.TYPE_COMMAND, next.payload());
        }
        if (next.expectsReply()) {
            enter(State.AWAITING_REPLY);
            timer = ctx.executor().schedule(this::timedOut, next.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            free();
        }
        log.debug("imei={} conn={} command {} written: {}", next.imei(), next.conn(), next.id(),
                HexFormat.of().formatHex(next.payload()));
        ctx.writeAndFlush(frame).addListener((ChannelFuture f) -> written(next, f));
    }

    private void written(OutboundCommand sent, ChannelFuture write) {
        if (write.isSuccess()) {
            outcomes.report(new CommandOutcome.Sent(sent.id(), sent.imei(), sent.conn(), sent.attempt(),
                    System.currentTimeMillis()));
            return;
        }
        // A failed write handed the kernel less than the whole frame: the device cannot have executed it.
        // A command still held is reported here; one the slot already let go of (closed) was reported then.
        boolean held = command == sent;
        if (held) {
            free();
        }
        if (held || !sent.expectsReply()) {
            outcomes.report(failed(sent, CommandFailReason.WRITE_FAILED, false));
        }
    }

    private void timedOut() {
        OutboundCommand late = command;
        enter(State.LATE_WINDOW);
        outcomes.report(failed(late, CommandFailReason.TIMEOUT, true));
        timer = ctx.executor().schedule(this::lateWindowEnded, lateWindow.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void lateWindowEnded() {
        OutboundCommand late = command;
        free();
        outcomes.report(new CommandOutcome.Ready(late.imei(), late.conn()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        OutboundCommand held = command;
        State was = state;
        free();
        if (was.inFlight()) {
            outcomes.report(failed(held, CommandFailReason.CLOSED, was == State.AWAITING_REPLY));
        }
        ctx.fireChannelInactive();
    }

    private void free() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        enter(State.IDLE);
        command = null;
    }

    /** Moves to {@code next}, keeping the in-flight gauge to the commands held in WAITING or AWAITING_REPLY. */
    private void enter(State next) {
        metrics.commandInFlight((next.inFlight() ? 1 : 0) - (state.inFlight() ? 1 : 0));
        state = next;
    }

    private static Codec codecOf(OutboundCommand command) {
        return command.codec() == 14 ? Codec.CODEC_14 : Codec.CODEC_12;
    }

    private static CommandOutcome.Failed failed(OutboundCommand c, CommandFailReason reason, boolean written) {
        return new CommandOutcome.Failed(c.id(), c.imei(), c.conn(), c.attempt(), reason, written, System.currentTimeMillis());
    }

    private static String imeiOf(ChannelHandlerContext ctx) {
        DeviceSession session = SessionTable.sessionOf(ctx.channel());
        return session == null ? "?" : session.imei();
    }
}
