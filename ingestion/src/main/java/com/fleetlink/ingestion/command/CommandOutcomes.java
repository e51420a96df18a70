package com.fleetlink.ingestion.command;

/**
 * Where the sockets report what became of their commands. Called on Netty event loops: an
 * implementation hands the outcome off and never blocks.
 */
@FunctionalInterface
public interface CommandOutcomes {
    /** Reports one outcome. */
    void report(CommandOutcome outcome);
}
