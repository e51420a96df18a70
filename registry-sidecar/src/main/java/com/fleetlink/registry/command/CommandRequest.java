package com.fleetlink.registry.command;

import com.fleetlink.protocol.local.LocalProtocol;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command a caller asks to send (design §9). The constructor checks every bound, so a store
 * never sees a request Redis would refuse as invalid.
 *
 * @param id              unique per device; enqueue is idempotent by it (letters, digits, {@code . _ : -}, at most 128)
 * @param imei            the device (15 digits)
 * @param requester       who asks, kept in the hash and every stream entry (may be empty)
 * @param payload         the bytes to write, 1 to {@value #MAX_PAYLOAD} of them
 * @param text            whether the payload was given as text
 * @param codec           12, or 14 (the frame carries the IMEI; another device answers nACK)
 * @param expire          how long it may wait unwritten, at most {@link #MAX_EXPIRE}
 * @param responseTimeout how long the device has to answer once written
 * @param noQueue         fail at once ({@code expired}, reason {@code offline}) when no live instance holds the device
 * @param noReply         done once written
 * @param maxAttempts     how many times it may be written at most (1 or more)
 */
public record CommandRequest(String id, String imei, String requester, byte[] payload, boolean text, int codec,
                             Duration expire, Duration responseTimeout, boolean noQueue, boolean noReply,
                             int maxAttempts) {
    /** Design §9: a queued command expires after 5 minutes unless told otherwise. */
    public static final Duration DEFAULT_EXPIRE = Duration.ofMinutes(5);
    /** Design §9: an immobiliser command must not fire days later; 7 days is the longest wait. */
    public static final Duration MAX_EXPIRE = Duration.ofDays(7);
    /** Design §9: the device has 30 s to answer by default. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** At most once by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 1;
    /** Codec 12 carries the command's length in 4 bytes, but devices take short text commands; this keeps hashes small. */
    public static final int MAX_PAYLOAD = 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public CommandRequest {
        Objects.requireNonNull(payload, "payload");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a command id is 1 to 128 letters, digits or . _ : - (not '" + id + "')");
        }
        if (!LocalProtocol.isImei(imei)) {
            throw new IllegalArgumentException("'" + imei + "' is not an IMEI (15 digits)");
        }
        requester = requester == null ? "" : requester;
        if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a command has 1 to " + MAX_PAYLOAD + " bytes, not " + payload.length);
        }
        if (codec != 12 && codec != 14) {
            throw new IllegalArgumentException("codec must be 12 or 14, not " + codec);
        }
        if (expire.isNegative() || expire.toMillis() == 0 || expire.compareTo(MAX_EXPIRE) > 0) {
            throw new IllegalArgumentException("the expiry must be above 0 and at most 7 days, not " + expire);
        }
        if (responseTimeout.isNegative() || responseTimeout.toMillis() == 0) {
            throw new IllegalArgumentException("the response timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, not " + maxAttempts);
        }
        payload = payload.clone();
    }

    /** A request with every option at its default. */
    public static CommandRequest of(String id, String imei, byte[] payload, boolean text) {
        return new CommandRequest(id, imei, "", payload, text, 12, DEFAULT_EXPIRE, DEFAULT_RESPONSE_TIMEOUT, false, false,
                DEFAULT_MAX_ATTEMPTS);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload in hex, as Redis keeps it. */
    public String payloadHex() {
        return HexFormat.of().formatHex(payload);
    }
}
