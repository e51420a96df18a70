package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Codec 12 messages from devices. A device answers a command with type 0x06; it is logged
 * with its IMEI and never answered with an AVL ACK (the device would read it as garbage).
 *
 * <p>Logged at debug: the server sends no commands yet, so every reply is unsolicited, and a device
 * could send them without end; they are counted as {@code teltonika_packets_total{codec="0C"}}.
 */
final class CommandMessageHandler extends SimpleChannelInboundHandler<CommandMessage> {
    private static final Logger log = LoggerFactory.getLogger(CommandMessageHandler.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, CommandMessage message) {
        DeviceSession session = SessionTable.sessionOf(ctx.channel());
        log.debug("imei={} codec 0C type={} text={}", session.imei(), message.type(), message.text());
    }
}
