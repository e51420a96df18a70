package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from its first message what a new connection is: {@code hello} makes it the ingestion
 * session, a control request makes it a control client. Replaces itself with the handler for that
 * role. A connection that says nothing for {@link LocalSocketSettings#FIRST_LINE_TIMEOUT} is closed,
 * so silent connections cannot hold the connection cap.
 */
final class PeerRoleHandler extends SimpleChannelInboundHandler<LocalMessage> {
    private static final Logger log = LoggerFactory.getLogger(PeerRoleHandler.class);
    private static final RateLimitedLog peerErrors = new RateLimitedLog(log);

    private final SidecarCore core;
    private final StatusReport status;
    private final FlushOperation flush;
    private final SidecarMetrics metrics;
    private ScheduledFuture<?> silenceTimer;

    PeerRoleHandler(SidecarCore core, StatusReport status, FlushOperation flush, SidecarMetrics metrics) {
        this.core = core;
        this.status = status;
        this.flush = flush;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        silenceTimer = ctx.executor().schedule(() -> {
            metrics.localClosed("no_first_line");
            peerErrors.warn("no_first_line", "closing a local connection that sent no line for {} ms",
                    LocalSocketSettings.FIRST_LINE_TIMEOUT.toMillis());
            ctx.close();
        }, LocalSocketSettings.FIRST_LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        silenceTimer.cancel(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalMessage first) {
        if (first instanceof Hello hello) {
            if (hello.v() != LocalProtocol.VERSION) {
                peerErrors.warn("version", "ingestion speaks protocol v{}, this sidecar v{}; continuing",
                        hello.v(), LocalProtocol.VERSION);
            }
            IngestionSessionHandler session = new IngestionSessionHandler(core, ctx.channel(), metrics);
            ctx.pipeline().replace(this, "ingestionSession", session);
            core.attach(session, hello);
        } else if (first instanceof ControlRequest) {
            // A control connection carries one request: stop reading and parsing, so a client that
            // sends thousands of requests in one write costs one parse, not thousands.
            ctx.channel().config().setAutoRead(false);
            ctx.pipeline().remove(LocalSocketServer.DECODER);
            ctx.pipeline().remove(LocalSocketServer.LINES);
            ctx.pipeline().replace(this, "control", new ControlRequestHandler(core, status, flush, metrics));
            // After replace, this context forwards to the replacement: the request reaches it.
            ctx.fireChannelRead(first);
        } else {
            metrics.localClosed("bad_first_line");
            peerErrors.warn("bad_first_line", "first line on the registry socket was {}, not hello or a control request; closing",
                    first.type());
            ctx.close();
        }
    }
}
