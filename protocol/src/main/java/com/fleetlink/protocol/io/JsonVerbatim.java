package com.fleetlink.protocol.io;

/**
 * The characters any JSON writer puts between quotes as they are: printable ASCII other than
 * {@code "} and {@code \}. The hand-built lines (local protocol, event log, telemetry) write only
 * strings made of these, so their bytes are a generator's without one, and the fast readers accept
 * only these, leaving every other string to a parser.
 */
public final class JsonVerbatim {
    private JsonVerbatim() {
    }

    /** Whether JSON writes {@code c} (a char, or a byte as Java reads it: signed) unescaped in a string. */
    public static boolean isVerbatim(int c) {
        return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    }
}
