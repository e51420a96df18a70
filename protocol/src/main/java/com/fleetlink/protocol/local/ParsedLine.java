package com.fleetlink.protocol.local;

/** The outcome of reading one line: a message, or why there is none. */
public sealed interface ParsedLine {

    /** The line held a valid message. */
    record Parsed(LocalMessage message) implements ParsedLine {
    }

    /** The line was refused; {@code detail} is one short human sentence for the log. */
    record Invalid(LineError error, String detail) implements ParsedLine {
    }
}
