package com.fleetlink.protocol.log;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * What a log line is about, besides its message: the device's IMEI, the peer's address and the
 * reason of a close or a refusal. The JSON log format writes each as a field of its own
 * ({@link JsonLogEncoder}), so a log search can filter on them; the plain format shows only the
 * message, which names them too. {@code null} means the line has no such field.
 *
 * @param imei   the device, or {@code null}
 * @param remote the peer's address, or {@code null}
 * @param reason a label from a fixed set (a close or refusal reason), or {@code null}
 */
public record LogFields(String imei, String remote, String reason) {
    /** The JSON field of the IMEI. */
    public static final String IMEI = "imei";
    /** The JSON field of the peer's address. */
    public static final String REMOTE = "remote";
    /** The JSON field of the reason. */
    public static final String REASON = "reason";

    /** A line about one device. */
    public static LogFields imei(String imei) {
        return new LogFields(imei, null, null);
    }

    /** A line giving a reason. */
    public static LogFields reason(String reason) {
        return new LogFields(null, null, reason);
    }

    /** The same with the peer's address ({@code toString()} of it). */
    public LogFields remote(Object address) {
        return new LogFields(imei, address == null ? null : address.toString(), reason);
    }

    /** The same with a reason. */
    public LogFields withReason(String newReason) {
        return new LogFields(imei, remote, newReason);
    }

    /** Adds the fields that are set to {@code line} and returns it. */
    public LoggingEventBuilder addTo(LoggingEventBuilder line) {
        if (imei != null) {
            line.addKeyValue(IMEI, imei);
        }
        if (remote != null) {
            line.addKeyValue(REMOTE, remote);
        }
        if (reason != null) {
            line.addKeyValue(REASON, reason);
        }
        return line;
    }
}
