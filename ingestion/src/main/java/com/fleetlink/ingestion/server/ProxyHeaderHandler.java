package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.metrics.IngestionMetrics.ProxyHeaderResult;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.PeerAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol.TransportProtocol;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Takes the one PROXY header the decoder before it produced: records the device's real address
 * for logs and the session table ({@link PeerAddress}) and tells the admission (its per-address
 * cap on silent sockets), counts the header by version, and removes
 * itself. A malformed header closes the socket with a counted reason instead of reaching the
 * generic exception handler.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    private final HandshakeAdmission admission;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;

    ProxyHeaderHandler(HandshakeAdmission admission, ConnectionCloser closer, IngestionMetrics metrics) {
        this.admission = admission;
        this.closer = closer;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InetSocketAddress source = sourceOf(header);
            if (source == null) {
                metrics.proxyHeader(ProxyHeaderResult.NO_ADDRESS);
            } else {
                PeerAddress.setProxied(ctx.channel(), source);
                admission.sourceKnown(AdmissionTicket.of(ctx.channel()), source.getAddress());
                metrics.proxyHeader(header.protocolVersion() == HAProxyProtocolVersion.V1 ? ProxyHeaderResult.V1 : ProxyHeaderResult.V2);
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    /** The TCP source the header names, or {@code null} for a LOCAL, UNKNOWN or non-TCP header. */
    private static InetSocketAddress sourceOf(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY
                || header.proxiedProtocol().transportProtocol() != TransportProtocol.STREAM
                || header.sourceAddress() == null) {
            return null;
        }
        // The decoder has already checked it is an IP literal, so this never resolves a name.
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        return ip == null ? null : new InetSocketAddress(ip, header.sourcePort());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException || cause.getCause() instanceof HAProxyProtocolException) {
            metrics.proxyHeader(ProxyHeaderResult.INVALID);
            closer.close(ctx.channel(), CloseReason.PROXY_HEADER_REJECTED, "invalid PROXY header: " + cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
