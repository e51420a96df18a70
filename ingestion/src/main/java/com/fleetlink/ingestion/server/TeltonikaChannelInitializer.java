package com.fleetlink.ingestion.server;

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
    static final String IDLE = "idle";
    static final String HANDSHAKE = "imeiHandshake";
    static final String FRAMER = "frameDecoder";
    static final String DECODER = "packetDecoder";
    static final String REJECTS = "rejectedFrames";
    static final String COMMANDS = "commandMessages";
    static final String TELEMETRY = "telemetryAck";
    static final String EXCEPTIONS = "exceptions";

    private final IngestionConfig config;
    private final SessionTable sessions;
    private final TelemetrySink sink;
    private final ConnectionCloser closer;
    private final IngestionMetrics metrics;
    private final ChannelGroup channels;
    private final ConnectionMetricsHandler metricsHandler;
    private final ExceptionCloser exceptionCloser;

    TeltonikaChannelInitializer(IngestionConfig config, SessionTable sessions, TelemetrySink sink,
                                ConnectionCloser closer, IngestionMetrics metrics, ChannelGroup channels) {
        this.config = config;
        this.sessions = sessions;
        this.sink = sink;
        this.closer = closer;
        this.metrics = metrics;
        this.channels = channels;
        this.metricsHandler = new ConnectionMetricsHandler(metrics);
        this.exceptionCloser = new ExceptionCloser(closer);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        // First, so bytes are counted even when a later handler rejects them.
        p.addLast(METRICS, metricsHandler);
        // Before the handshake: a socket that never says its IMEI is idle too.
        p.addLast(IDLE, new IdleConnectionCloser(config.idleTimeout(), closer));
        // Removes itself after 01; bytes that arrived with the IMEI pass on to the framer.
        p.addLast(HANDSHAKE, new ImeiHandshakeHandler(config.imeiPolicy(), sessions, closer, metrics));
        p.addLast(FRAMER, new TeltonikaFrameDecoder(config.maxFrameLength(), metrics));
        p.addLast(DECODER, new AvlPacketDecoder(metrics));
        // Closes on unrecoverable rejections; passes bad CRCs on so their zero ACK keeps its place in line.
        p.addLast(REJECTS, new RejectedFrameHandler(config.maxBadCrcInARow(), closer, metrics));
        p.addLast(COMMANDS, new CommandMessageHandler());
        p.addLast(TELEMETRY, new TelemetryAckHandler(sink, config.maxPendingAcks(), closer, metrics));
        p.addLast(EXCEPTIONS, exceptionCloser);
    }
}
