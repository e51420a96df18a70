package com.fleetlink.ingestion.command;

/**
 * Takes commands to the device sockets. Called from the registry client's reader thread: an
 * implementation hops onto the socket's event loop and never blocks; a command it cannot place is
 * reported through {@link CommandOutcomes} ({@link CommandFailReason#NOT_HELD}, never written).
 */
@FunctionalInterface
public interface CommandRouter {
    /** Hands {@code command} to the socket it names. */
    void deliver(OutboundCommand command);
}
