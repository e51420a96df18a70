package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.command.WriteDeadline;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.local.LocalProtocol;
import java.time.Duration;
import java.util.Arrays;

/** Between the local protocol's command lines and the ingestion's command types (design §9). */
final class CommandLines {

    private CommandLines() {
    }

    /** The command a {@code command} line asks for. */
    static OutboundCommand toCommand(Command line) {
        return new OutboundCommand(line.id(), line.imei(), line.conn(), line.attempt(), line.codec(), line.payload(),
                Duration.ofMillis(line.timeout()), line.reply(), deadline(line));
    }

    private static WriteDeadline deadline(Command line) {
        return line.deadline() == Command.NO_DEADLINE ? WriteDeadline.NONE : WriteDeadline.atWallMillis(line.deadline());
    }

    /**
     * Whether {@code outcome} carries a response longer than {@link LocalProtocol#MAX_COMMAND_BYTES}:
     * as hex and text its line could pass the 64 KiB line limit, so {@link #toLine} cuts it.
     */
    static boolean responseCut(CommandOutcome outcome) {
        return outcome instanceof CommandOutcome.Result r && r.response().length > LocalProtocol.MAX_COMMAND_BYTES;
    }

    private static byte[] capped(byte[] response) {
        return response.length > LocalProtocol.MAX_COMMAND_BYTES ? Arrays.copyOf(response, LocalProtocol.MAX_COMMAND_BYTES) : response;
    }

    /** The line that reports {@code outcome}; a response is cut to {@link LocalProtocol#MAX_COMMAND_BYTES}. */
    static LocalMessage toLine(CommandOutcome outcome) {
        if (outcome instanceof CommandOutcome.Sent s) {
            return new CommandSent(s.id(), s.imei(), s.conn(), s.attempt(), s.at());
        } else if (outcome instanceof CommandOutcome.Result r) {
            return new CommandResult(r.id(), r.imei(), r.conn(), r.attempt(), capped(r.response()), r.late(), r.at());
        } else if (outcome instanceof CommandOutcome.Failed f) {
            return new CommandFailed(f.id(), f.imei(), f.conn(), f.attempt(), f.reason().word(), f.written(), f.at());
        }
        CommandOutcome.Ready ready = (CommandOutcome.Ready) outcome;
        return new CommandReady(ready.imei(), ready.conn());
    }
}
