package com.fleetlink.registry.socket;

import com.fleetlink.protocol.control.ControlReply;
import com.fleetlink.protocol.control.ControlReplyCodec;
import com.fleetlink.protocol.control.FailedReply;
import com.fleetlink.protocol.control.RejectedReply;
import com.fleetlink.protocol.control.ReleaseReply;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control client's connection: one request line, one JSON reply line once Redis confirmed the
 * work (or it failed), then close. The connection stopped reading before this handler took over
 * ({@link PeerRoleHandler}), so whatever else the client sent is dropped unparsed and at most one
 * reply is ever queued; a reply not taken within {@link LocalSocketSettings#REPLY_TIMEOUT} is
 * dropped with the connection.
 */
final class ControlRequestHandler extends SimpleChannelInboundHandler<LocalMessage> {
    private static final Logger log = LoggerFactory.getLogger(ControlRequestHandler.class);
    private static final RateLimitedLog unread = new RateLimitedLog(log);

    private final SidecarCore core;
    private final StatusReport status;
    private final FlushOperation flush;
    private final SidecarMetrics metrics;

    ControlRequestHandler(SidecarCore core, StatusReport status, FlushOperation flush, SidecarMetrics metrics) {
        this.core = core;
        this.status = status;
        this.flush = flush;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof LocalMessage) {
            super.channelRead(ctx, message);
        } else {
            // The unparsed rest of the client's input, handed over when the line decoders left.
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalMessage message) {
        if (!(message instanceof ControlRequest request)) {
            reply(ctx, new RejectedReply("a control connection sends one of status, flush, release"));
            return;
        }
        CompletionStage<? extends ControlReply> answer = switch (request.command()) {
            case STATUS -> request.imei() == null ? status.build() : status.device(request.imei());
            case FLUSH -> flush.run();
            case RELEASE -> core.release().thenApply(r -> new ReleaseReply(r.held(), r.deleted(), !r.failed()));
        };
        answer.whenComplete((done, error) -> reply(ctx, error == null ? done
                : new FailedReply(request.command().word(), error.toString())));
    }

    private void reply(ChannelHandlerContext ctx, ControlReply reply) {
        ChannelFuture written = ctx.writeAndFlush(Unpooled.wrappedBuffer(ControlReplyCodec.encode(reply)))
                .addListener(ChannelFutureListener.CLOSE);
        ScheduledFuture<?> deadline = ctx.executor().schedule(() -> {
            metrics.localClosed("reply_not_read");
            unread.warn("reply_not_read", "closing a control connection that did not read its reply within {} ms",
                    LocalSocketSettings.REPLY_TIMEOUT.toMillis());
            ctx.close();
        }, LocalSocketSettings.REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        written.addListener(done -> deadline.cancel(false));
    }
}
