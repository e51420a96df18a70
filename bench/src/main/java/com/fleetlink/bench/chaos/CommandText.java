package com.fleetlink.bench.chaos;

/**
 * The text of a chaos command and of a device's reply to it. The command's id travels in its text,
 * so a device can count the writes of each command and the checker can tell whose reply a
 * {@code responded} carries (Codec 12 itself carries no id).
 */
final class CommandText {
    private static final String PREFIX = "getinfo #";
    private static final String REPLY_PREFIX = "OK ";

    private CommandText() {
    }

    /** The text sent for command {@code id}, e.g. {@code getinfo #c17}. */
    static String of(String id) {
        return PREFIX + id;
    }

    /** The id a command's text carries, or {@code null} for a text that is not a chaos command's. */
    static String idOf(String text) {
        return text.startsWith(PREFIX) && text.length() > PREFIX.length() ? text.substring(PREFIX.length()) : null;
    }

    /** What a device answers to {@code text}: {@code OK <text>}. */
    static String reply(String text) {
        return REPLY_PREFIX + text;
    }
}
