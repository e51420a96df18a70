package com.fleetlink.registry.eventlog;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The writer thread's line: one reused buffer and one reused generator, so formatting an entry
 * allocates no generator and no buffer per line.
 */
final class LineFormatter {
    private final LineBuffer line = new LineBuffer();
    private JsonGenerator json;

    LineFormatter() {
        json = newGenerator();
    }

    /** Replaces the line with {@code entry}'s JSON and its newline. */
    void format(EventLogEntry entry) throws IOException {
        line.reset();
        try {
            EventLogJson.write(entry, json);
            json.flush();
        } catch (IOException | RuntimeException e) {
            // A generator left inside an unfinished object would spoil every later line.
            json = newGenerator();
            throw e;
        }
        line.write('\n');
    }

    /** The line's bytes, lent rather than copied; valid up to {@link #size()} until the next format. */
    byte[] bytes() {
        return line.bytes();
    }

    int size() {
        return line.size();
    }

    private JsonGenerator newGenerator() {
        try {
            return EventLogJson.lineGenerator(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a generator over memory does not fail to open
        }
    }

    /** A buffer that lends its array instead of copying it. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(256);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
