package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one simulated device treats the server's commands: logs and counts each, and with
 * {@code --respond} answers it after the delay as a tracker would: {@code ok <command>} as a type
 * 0x06 response in the command's codec, or a Codec 14 nACK (0x11) when the command names another IMEI.
 */
final class CommandResponder {
    private static final Logger log = LoggerFactory.getLogger(CommandResponder.class);

    private final String imei;
    private final Duration delay;

    /** @param delay how long to wait before answering; {@code null} never answers */
    CommandResponder(String imei, Duration delay) {
        this.imei = imei;
        this.delay = delay;
    }

    /** The server wrote {@code command} on {@code ch}; runs on the socket's event loop. */
    void received(Channel ch, CommandMessage command, FleetCounters counters) {
        counters.commandsReceived++;
        log.info("device {} received a Codec {} command{}: {}", imei, command.codec().label(),
                command.imei() == null ? "" : " for " + command.imei(), command.text());
        if (delay != null) {
            ch.eventLoop().schedule(() -> answer(ch, command, counters), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void answer(Channel ch, CommandMessage command, FleetCounters counters) {
        if (!ch.isActive()) {
            return;
        }
        ByteBuf frame = ch.alloc().buffer();
        byte[] ok = ("ok " + command.text()).getBytes(StandardCharsets.UTF_8);
        if (command.codec() != Codec.CODEC_14) {
            TeltonikaPacketEncoder.writeCodec12(frame, CommandMessage.TYPE_RESPONSE, ok);
        } else if (imei.equals(command.imei())) {
            TeltonikaPacketEncoder.writeCodec14(frame, CommandMessage.TYPE_RESPONSE, imei, ok);
        } else {
            TeltonikaPacketEncoder.writeCodec14(frame, CommandMessage.TYPE_NACK, imei, new byte[0]);
        }
        counters.commandsAnswered++;
        ch.writeAndFlush(frame, ch.voidPromise());
    }
}
