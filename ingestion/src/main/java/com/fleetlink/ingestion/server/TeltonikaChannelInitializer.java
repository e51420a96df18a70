package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

/** Builds the pipeline of every device socket, in order, in one place. */
final class TeltonikaChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String METRICS = "metrics";
    static final String ADMISSION = "admission";
    static final String HANDSHAKE_GUARD = "handshakeGuard";
    static final String IDLE = "idle";
    static final String PROXY_GATE = "proxyGate";
    static final String PROXY_DECODER = "proxyDecoder";
    static final String PROXY_HEADER = "proxyHeader";
    static final String TALK_WATCH = "handshakeTalkWatch";
    static final String HANDSHAKE = "imeiHandshake";
    static final String FRAMER = "frameDecoder";
    static final String DECODER = "packetDecoder";
    static final String REJECTS = "rejectedFrames";
    static final String TELEMETRY = "telemetryAck";
    static final String COMMANDS = "commandSlot";
    static final String EXCEPTIONS = "exceptions";

    private final IngestionConfig config;
    private final SessionTable sessions;
    private final TelemetrySink sink;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private final ChannelGroup channels;
    private final ConnectionMetricsHandler metricsHandler;
    private final ExceptionCloser exceptionCloser;
    private final HandshakeAdmission admission;
    private final ConnectionAdmission admissionHandler;
    private final CommandOutcomes commandOutcomes;

    TeltonikaChannelInitializer(IngestionConfig config, SessionTable sessions, TelemetrySink sink,
                                ConnectionCloser closer, IngestionMetrics metrics, ChannelGroup channels,
                                CommandOutcomes commandOutcomes) {
        this.config = config;
        this.sessions = sessions;
        this.sink = sink;
        this.closer = closer;
        this.metrics = metrics;
        this.channels = channels;
        this.commandOutcomes = commandOutcomes;
        this.metricsHandler = new ConnectionMetricsHandler(metrics);
        this.exceptionCloser = new ExceptionCloser(closer);
        this.admission = new HandshakeAdmission(config.limits(), closer, metrics);
        this.admissionHandler = new ConnectionAdmission(admission, config.proxyProtocol() == ProxyProtocol.OFF);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        // First, so bytes are counted even when a later handler rejects them.
        p.addLast(METRICS, metricsHandler);
        // Before anything that reads: a socket refused for want of room is closed without costing a buffer.
        p.addLast(ADMISSION, admissionHandler);
        // Its deadline runs from accept and covers the PROXY header too; removes itself on HandshakeCompleted.
        p.addLast(HANDSHAKE_GUARD, new HandshakeGuard(config.limits(), admission, closer));
        // Before the handshake: a socket that never says its IMEI is idle too.
        p.addLast(IDLE, new IdleConnectionCloser(config.idleTimeout(), closer));
        if (config.proxyProtocol() != ProxyProtocol.OFF) {
            // The gate replaces itself with Netty's header decoder (named PROXY_DECODER), which removes
            // itself after one header; the header handler records the real address and removes itself too.
            p.addLast(PROXY_GATE, new ProxyProtocolGate(config.proxyProtocol(), closer, metrics, PROXY_DECODER));
            p.addLast(PROXY_HEADER, new ProxyHeaderHandler(admission, closer, metrics));
        }
        // After the PROXY header, which the balancer sends for every socket: only the device's own bytes make it a talker.
        p.addLast(TALK_WATCH, new HandshakeTalkWatch(admission));
        // Removes itself after 01; bytes that arrived with the IMEI pass on to the framer.
        p.addLast(HANDSHAKE, new ImeiHandshakeHandler(config.imeiPolicy(), sessions, closer, metrics));
        TeltonikaFrameDecoder framer = new TeltonikaFrameDecoder(config.maxFrameLength(), metrics);
        p.addLast(FRAMER, framer);
        p.addLast(DECODER, new AvlPacketDecoder(metrics));
        // Closes on unrecoverable rejections; passes bad CRCs on so their zero ACK keeps its place in line.
        p.addLast(REJECTS, new RejectedFrameHandler(config.maxBadCrcInARow(), closer, metrics));
        p.addLast(TELEMETRY, new TelemetryAckHandler(sink, config.maxPendingAcks(), config.sinkStallTimeout(), closer, metrics));
        // After the ACK handler, whose AckQueueEvents hold commands back while the device waits for an
        // ACK; the framer says when a frame is half read, which the device waits on too.
        p.addLast(COMMANDS, new CommandSlotHandler(commandOutcomes, metrics, config.commandLateWindow(), framer::midFrame));
        p.addLast(EXCEPTIONS, exceptionCloser);
    }
}
