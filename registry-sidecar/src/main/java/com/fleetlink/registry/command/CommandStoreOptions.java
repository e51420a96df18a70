package com.fleetlink.registry.command;

import java.time.Duration;

/**
 * How the command store keeps its keys.
 *
 * @param queueLimit    unfinished commands a device's queue takes before refusing (default {@value #DEFAULT_QUEUE_LIMIT})
 * @param retention     how long a finished command stays readable ({@code --command-retention}, default 24 h)
 * @param streamMaxLen  the event stream's approximate cap ({@code MAXLEN ~}, default {@value #DEFAULT_STREAM_MAX_LEN})
 * @param durability    what a claim must reach before it counts ({@code --command-durability}, default none)
 */
public record CommandStoreOptions(int queueLimit, Duration retention, long streamMaxLen, ClaimDurability durability) {
    /** Design §9: a device's queue is bounded, 16 by default. */
    public static final int DEFAULT_QUEUE_LIMIT = 16;
    /** Design §9: finished commands stay for 24 h. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    /** About a day of 1 command/s with its state changes; consumers that fall further behind lose entries. */
    public static final long DEFAULT_STREAM_MAX_LEN = 500_000;
    /** Every option at its default. */
    public static final CommandStoreOptions DEFAULTS = new CommandStoreOptions(DEFAULT_QUEUE_LIMIT, DEFAULT_RETENTION,
            DEFAULT_STREAM_MAX_LEN);

    /** Claims count as soon as Redis answered them (durability none): what a caller that never claims uses. */
    public CommandStoreOptions(int queueLimit, Duration retention, long streamMaxLen) {
        this(queueLimit, retention, streamMaxLen, ClaimDurability.NONE);
    }

    public CommandStoreOptions {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("the command queue limit must be at least 1, not " + queueLimit);
        }
        if (retention.toMillis() < 1) {
            throw new IllegalArgumentException("the command retention must be positive");
        }
        if (streamMaxLen < 1) {
            throw new IllegalArgumentException("the event stream's cap must be positive");
        }
        if (durability == null) {
            throw new IllegalArgumentException("the claim durability must be given");
        }
    }

    /** These options with another retention. */
    public CommandStoreOptions withRetention(Duration retention) {
        return new CommandStoreOptions(queueLimit, retention, streamMaxLen, durability);
    }

    /** These options with another claim durability. */
    public CommandStoreOptions withDurability(ClaimDurability durability) {
        return new CommandStoreOptions(queueLimit, retention, streamMaxLen, durability);
    }
}
