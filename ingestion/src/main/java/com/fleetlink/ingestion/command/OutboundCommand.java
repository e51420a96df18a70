package com.fleetlink.ingestion.command;

import java.time.Duration;
import java.util.Objects;

/**
 * One command to write to one device socket.
 *
 * @param id              the caller's command id, unique per device
 * @param imei            the device it is addressed to
 * @param conn            the socket the sidecar believes holds the device; another socket never writes it
 * @param attempt         the claim's attempt number; every outcome carries it back so a stale one is told apart
 * @param codec           {@code 12}, or {@code 14} (the frame carries the IMEI; another device answers nACK)
 * @param payload         the command's bytes as written into the frame
 * @param responseTimeout how long the device has to answer once the command is written
 * @param expectsReply    {@code false} for a no-reply command: it is done once written
 * @param deadline        from when on it must not be written (its expiry), or {@link WriteDeadline#NONE}
 */
public record OutboundCommand(String id, String imei, long conn, int attempt, int codec, byte[] payload,
                              Duration responseTimeout, boolean expectsReply, WriteDeadline deadline) {
    public OutboundCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(deadline, "deadline");
        if (codec != 12 && codec != 14) {
            throw new IllegalArgumentException("codec must be 12 or 14, not " + codec);
        }
    }
}
