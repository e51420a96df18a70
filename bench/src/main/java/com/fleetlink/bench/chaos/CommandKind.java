package com.fleetlink.bench.chaos;

import com.fleetlink.registry.command.CommandRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The mix of options the chaos run's commands carry, each kind with its share in a hundred. Every
 * command answers within {@link #RESPONSE_TIMEOUT} and waits at most {@link #EXPIRE} unwritten, short
 * enough that every one can end within the run.
 */
enum CommandKind {
    /** Every option at the run's defaults, to a device drawn from the whole fleet. */
    PLAIN(55),
    /** Done once written; the devices do not answer it ({@link CommandText#ofNoReply}). */
    NO_REPLY(10),
    /** May be written twice when the first write's outcome is lost. */
    TWO_ATTEMPTS(10),
    /** Codec 14: the frame carries the device's IMEI. */
    CODEC_14(10),
    /** Expires {@link #SHORT_EXPIRE} after its enqueue unless written before. */
    SHORT_EXPIRY(10),
    /** To a device with no socket at the moment (between reconnects, or gone for good): queued for it. */
    TO_OFFLINE_DEVICE(5);

    /** How long a written command's device has to answer. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /** How long a command waits unwritten: longer than a sidecar's restart, which leaves its devices' commands queued. */
    static final Duration EXPIRE = Duration.ofSeconds(20);
    static final Duration SHORT_EXPIRE = Duration.ofSeconds(2);
    /** Who the commands say asked for them, in the hashes and the stream. */
    static final String REQUESTER = "chaos";

    private final int percent;

    CommandKind(int percent) {
        this.percent = percent;
    }

    /** A kind drawn with {@code random} by the shares. */
    static CommandKind draw(SplittableRandom random) {
        int roll = random.nextInt(100);
        for (CommandKind kind : values()) {
            roll -= kind.percent;
            if (roll < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("the shares of CommandKind do not add up to 100");
    }

    /** The request for command {@code id} of this kind to {@code imei}. */
    CommandRequest request(String id, String imei) {
        byte[] text = (this == NO_REPLY ? CommandText.ofNoReply(id) : CommandText.of(id)).getBytes(StandardCharsets.UTF_8);
        return new CommandRequest(id, imei, REQUESTER, text, true, this == CODEC_14 ? 14 : 12,
                this == SHORT_EXPIRY ? SHORT_EXPIRE : EXPIRE, RESPONSE_TIMEOUT, false, this == NO_REPLY,
                this == TWO_ATTEMPTS ? 2 : 1);
    }

    /** The name in the report, e.g. {@code twoAttempts}. */
    String label() {
        return EnumLabels.camelCase(this);
    }
}
