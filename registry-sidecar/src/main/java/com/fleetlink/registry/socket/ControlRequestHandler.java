package com.fleetlink.registry.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.SidecarCore;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A control client's connection: one request line, one JSON reply line once Redis confirmed the
 * work (or it failed), then close.
 */
final class ControlRequestHandler extends SimpleChannelInboundHandler<LocalMessage> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SidecarCore core;
    private final StatusReport status;
    private final FlushOperation flush;

    ControlRequestHandler(SidecarCore core, StatusReport status, FlushOperation flush) {
        this.core = core;
        this.status = status;
        this.flush = flush;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, LocalMessage message) {
        if (!(message instanceof ControlRequest request)) {
            reply(ctx, Map.of("type", "error", "error", "a control connection sends one of status, flush, release"));
            return;
        }
        CompletionStage<Map<String, Object>> answer = switch (request.command()) {
            case STATUS -> request.imei() == null ? status.build() : status.device(request.imei());
            case FLUSH -> flush.run();
            case RELEASE -> core.release().thenApply(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "release");
                m.put("held", r.held());
                m.put("released", r.deleted());
                m.put("ok", !r.failed());
                return m;
            });
        };
        answer.whenComplete((map, error) -> reply(ctx, error == null ? map
                : Map.of("type", request.command().word(), "ok", false, "error", error.toString())));
    }

    private void reply(ChannelHandlerContext ctx, Map<String, Object> map) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(map) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(ChannelFutureListener.CLOSE);
    }
}
