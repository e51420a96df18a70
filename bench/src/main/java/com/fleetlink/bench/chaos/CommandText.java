package com.fleetlink.bench.chaos;

/**
 * The text of a chaos command and of a device's reply to it. The command's id travels in its text,
 * so a device can count the writes of each command and the checker can tell whose reply a
 * {@code responded} carries (Codec 12 itself carries no id).
 *
 * <p>A command sent {@code no_reply} reads {@code cpureset #<id>}, which the devices do not answer, as a
 * real tracker does not answer a reset: that is what {@code no_reply} is for. A device that answered it
 * anyway would have its reply taken for the next command's whenever that one is written first, which
 * Codec 12 cannot tell apart.
 */
final class CommandText {
    private static final String PREFIX = "getinfo #";
    private static final String NO_REPLY_PREFIX = "cpureset #";
    private static final String REPLY_PREFIX = "OK ";

    private CommandText() {
    }

    /** The text sent for command {@code id}, e.g. {@code getinfo #c17}. */
    static String of(String id) {
        return PREFIX + id;
    }

    /** The text sent for command {@code id} sent {@code no_reply}, e.g. {@code cpureset #c17}. */
    static String ofNoReply(String id) {
        return NO_REPLY_PREFIX + id;
    }

    /** The id a command's text carries, or {@code null} for a text that is not a chaos command's. */
    static String idOf(String text) {
        String prefix = text.startsWith(PREFIX) ? PREFIX : text.startsWith(NO_REPLY_PREFIX) ? NO_REPLY_PREFIX : null;
        return prefix != null && text.length() > prefix.length() ? text.substring(prefix.length()) : null;
    }

    /** Whether a device answers {@code text}: not a {@code no_reply} command's. */
    static boolean answered(String text) {
        return !text.startsWith(NO_REPLY_PREFIX);
    }

    /** What a device answers to {@code text}: {@code OK <text>}. */
    static String reply(String text) {
        return REPLY_PREFIX + text;
    }
}
