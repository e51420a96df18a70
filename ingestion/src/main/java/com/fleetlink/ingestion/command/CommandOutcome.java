package com.fleetlink.ingestion.command;

/**
 * What became of an {@link OutboundCommand}, reported by the socket that took it. Every outcome
 * names the command's id, device, socket and attempt, so the sidecar can ignore a stale one.
 */
public sealed interface CommandOutcome {

    /** The device the outcome concerns. */
    String imei();

    /** The socket the outcome concerns. */
    long conn();

    /** The command was written to the device at {@code at} (epoch ms). */
    record Sent(String id, String imei, long conn, int attempt, long at) implements CommandOutcome {
    }

    /**
     * The device answered (Codec 12/14 type {@code 0x06}); {@code late} when the answer came after the
     * response timeout, inside the late window.
     */
    record Result(String id, String imei, long conn, int attempt, byte[] response, boolean late, long at)
            implements CommandOutcome {
    }

    /** The command failed; {@code written} says whether the device may have received it. */
    record Failed(String id, String imei, long conn, int attempt, CommandFailReason reason, boolean written, long at)
            implements CommandOutcome {
    }

    /** The socket's slot is free again after a late window: the sidecar may send the next command. */
    record Ready(String imei, long conn) implements CommandOutcome {
    }
}
