package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.metrics.IngestionMetrics.ProxyHeaderResult;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.util.List;

/**
 * First reader of a socket when the PROXY protocol is on: looks at the first twelve bytes and
 * either hands the socket to Netty's {@link HAProxyMessageDecoder} (replacing itself, the bytes
 * read so far passed on) or closes it. Without this check a device that skipped the balancer would
 * sit unanswered until the handshake timeout, since the decoder waits for a text header's line end.
 */
final class ProxyProtocolGate extends ByteToMessageDecoder {
    private final ProxyProtocol mode;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private final String decoderName;

    /** {@code decoderName} is the name the header decoder takes in the pipeline. */
    ProxyProtocolGate(ProxyProtocol mode, ConnectionCloser closer, IngestionMetrics metrics, String decoderName) {
        this.mode = mode;
        this.closer = closer;
        this.metrics = metrics;
        this.decoderName = decoderName;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionResult<HAProxyProtocolVersion> detected = HAProxyMessageDecoder.detectProtocol(in);
        switch (detected.state()) {
            case NEEDS_MORE_DATA -> {
                // the handshake timeout bounds the wait
            }
            case INVALID -> reject(ctx, in, ProxyHeaderResult.MISSING, "no PROXY header");
            case DETECTED -> {
                HAProxyProtocolVersion version = detected.detectedProtocol();
                if (mode.accepts(version)) {
                    ctx.pipeline().replace(this, decoderName, new HAProxyMessageDecoder());
                } else {
                    reject(ctx, in, ProxyHeaderResult.WRONG_VERSION,
                            "PROXY header " + version + " where " + mode.label() + " is configured");
                }
            }
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, ProxyHeaderResult result, String why) {
        in.skipBytes(in.readableBytes());
        metrics.proxyHeader(result);
        closer.close(ctx.channel(), CloseReason.PROXY_HEADER_REJECTED, why);
    }
}
