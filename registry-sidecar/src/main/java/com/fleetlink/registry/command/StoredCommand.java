package com.fleetlink.registry.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A command as Redis holds it (its hash, design §9). Times are ms since the epoch in Redis' clock,
 * {@link #NO_TIME} when not reached.
 *
 * @param id              the caller's id, unique per device
 * @param imei            the device it is addressed to
 * @param requester       who asked (empty when not said)
 * @param payloadHex      the command's bytes, in hex
 * @param text            whether it was given as text (then {@link #payloadText()} is what was typed)
 * @param codec           12, or 14 (carries the IMEI)
 * @param expireAt        when it expires unless written before
 * @param responseTimeout how long the device has to answer once written
 * @param noReply         done once written
 * @param maxAttempts     how many times it may be written at most
 * @param status          where it stands
 * @param attempt         how many times it was claimed; fences every outcome
 * @param writes          how many times it was (or may have been) written
 * @param owner           the instance of the latest claim (empty before one)
 * @param leaseUntil      when the current claim's lease ends
 * @param result          the device's reply, as text
 * @param reason          why it ended or went back to the queue (empty when not said)
 * @param lateResult      a reply of the current attempt that came after its response timeout, as text
 *                        (empty when none came); never credited: the status stays as it was
 * @param lateAt          when that late reply was stored
 */
public record StoredCommand(String id, String imei, String requester, String payloadHex, boolean text, int codec,
                            long expireAt, Duration responseTimeout, boolean noReply, int maxAttempts,
                            CommandStatus status, int attempt, int writes, String owner, long leaseUntil,
                            long createdAt, long claimedAt, long sentAt, long finishedAt, String result, String reason,
                            String lateResult, long lateAt) {
    /** The value of a time not reached. */
    public static final long NO_TIME = -1;

    /** The command's bytes. */
    public byte[] payload() {
        return HexFormat.of().parseHex(payloadHex);
    }

    /** The command's bytes read as UTF-8 text (what {@code send --text} was given). */
    public String payloadText() {
        return new String(payload(), StandardCharsets.UTF_8);
    }
}
