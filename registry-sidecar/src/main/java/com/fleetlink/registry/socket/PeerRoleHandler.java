package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.SidecarCore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides from its first message what a new connection is: {@code hello} makes it the ingestion
 * session, a control request makes it a control client. Replaces itself with the handler for that role.
 */
final class PeerRoleHandler extends SimpleChannelInboundHandler<LocalMessage> {
    private static final Logger log = LoggerFactory.getLogger(PeerRoleHandler.class);

    private final SidecarCore core;
    private final StatusReport status;
    private final FlushOperation flush;

    PeerRoleHandler(SidecarCore core, StatusReport status, FlushOperation flush) {
        this.core = core;
        this.status = status;
        this.flush = flush;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalMessage first) {
        if (first instanceof Hello hello) {
            if (hello.v() != LocalProtocol.VERSION) {
                log.warn("ingestion speaks protocol v{}, this sidecar v{}; continuing", hello.v(), LocalProtocol.VERSION);
            }
            IngestionSessionHandler session = new IngestionSessionHandler(core, ctx.channel());
            ctx.pipeline().replace(this, "ingestionSession", session);
            core.attach(session, hello);
        } else if (first instanceof ControlRequest) {
            ctx.pipeline().replace(this, "control", new ControlRequestHandler(core, status, flush));
            // After replace, this context forwards to the replacement: the request reaches it.
            ctx.fireChannelRead(first);
        } else {
            log.warn("first line on the registry socket was {}, not hello or a control request; closing", first.type());
            ctx.close();
        }
    }
}
