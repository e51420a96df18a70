package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.command.CommandRouter;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands each command to the command slot of the socket it names: the device's current socket, and
 * only when that socket's {@code conn} is the command's (a superseded or newer socket never writes a
 * command meant for another). Never blocks: the slot is reached on the socket's event loop.
 */
final class SocketCommandRouter implements CommandRouter {
    private final SessionTable sessions;
    private final CommandOutcomes outcomes;
    private volatile boolean stopping;

    SocketCommandRouter(SessionTable sessions, CommandOutcomes outcomes) {
        this.sessions = sessions;
        this.outcomes = outcomes;
    }

    /** From now on every command fails with {@link CommandFailReason#SHUTDOWN}. */
    void stop() {
        stopping = true;
    }

    @Override
    public void deliver(OutboundCommand command) {
        if (stopping) {
            refuse(command, CommandFailReason.SHUTDOWN);
            return;
        }
        DeviceSession session = sessions.get(command.imei());
        if (session == null || session.conn() != command.conn()) {
            refuse(command, CommandFailReason.NOT_HELD);
            return;
        }
        try {
            session.channel().eventLoop().execute(() -> offer(session, command));
        } catch (RejectedExecutionException e) {
            refuse(command, CommandFailReason.SHUTDOWN);
        }
    }

    private void offer(DeviceSession session, OutboundCommand command) {
        CommandSlotHandler slot = session.channel().pipeline().get(CommandSlotHandler.class);
        if (slot == null) {
            // The pipeline is torn down once the socket has closed.
            refuse(command, CommandFailReason.CLOSED);
        } else {
            slot.offer(command);
        }
    }

    private void refuse(OutboundCommand c, CommandFailReason reason) {
        outcomes.report(new CommandOutcome.Failed(c.id(), c.imei(), c.conn(), c.attempt(), reason, false,
                System.currentTimeMillis()));
    }
}
