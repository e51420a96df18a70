package com.fleetlink.protocol.log;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warn-level logging that writes at most one line per reason per interval, so a device or peer
 * that sends garbage all day cannot fill the disk. The first line of an interval is written; the
 * rest are counted, and the count is appended to the next line written for that reason.
 * Reasons must come from a small fixed set (enum labels), never from peer input: each reason keeps
 * one small window for the life of the process.
 */
public final class RateLimitedLog {
    /** The interval both daemons use unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL, System::nanoTime);
    }

    public RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Logs {@code format} at warn, with {@code reason} as its field, unless a line for {@code reason}
     * was already written in this interval; returns whether it was written.
     */
    public boolean warn(String reason, String format, Object... args) {
        return warn(reason, LogFields.reason(reason), format, args);
    }

    /** {@link #warn(String, String, Object...)} with more fields than the reason, e.g. the IMEI. */
    public boolean warn(String reason, LogFields fields, String format, Object... args) {
        if (!logger.isWarnEnabled()) {
            return false;
        }
        long suppressed = windows.computeIfAbsent(reason, r -> new Window()).admit(nanoClock.getAsLong(), intervalNanos);
        if (suppressed < 0) {
            return false;
        }
        String line = suppressed == 0 ? format : format + " (" + suppressed + " more of reason " + reason + " not logged)";
        fields.addTo(logger.atWarn()).log(line, args);
        return true;
    }

    /** One reason's interval: when it started and how many lines it swallowed since. */
    private static final class Window {
        private boolean started;
        private long start;
        private long suppressed;

        /** -1 when the line is swallowed, else how many were swallowed before it. */
        synchronized long admit(long now, long interval) {
            if (started && now - start < interval) {
                suppressed++;
                return -1;
            }
            started = true;
            start = now;
            long before = suppressed;
            suppressed = 0;
            return before;
        }
    }
}
