package com.fleetlink.registry.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into {@code \n}-terminated lines of at most {@code maxLineBytes}, so a
 * damaged file without newlines cannot make the reader hold all of it in memory. The returned line
 * shares this object's buffer until the next call.
 */
final class LineInput {
    private final InputStream in;
    private final int maxLineBytes;
    // Own buffering: a synchronized read() per byte would dominate a replay of a large log.
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[512];
    private int length;
    private boolean terminated;
    private boolean tooLong;

    LineInput(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        terminated = false;
        tooLong = false;
        int b;
        while ((b = read()) != -1) {
            if (b == '\n') {
                terminated = true;
                return true;
            }
            if (length == maxLineBytes) {
                tooLong = true; // keep reading to the newline, keep nothing
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            line[length++] = (byte) b;
        }
        return length > 0 || tooLong;
    }

    private int read() throws IOException {
        if (pos == limit) {
            int n = in.read(chunk);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return chunk[pos++] & 0xFF;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** False for a last line without its newline: the writer stopped in the middle of it. */
    boolean terminated() {
        return terminated;
    }

    /** The line exceeded the limit; {@link #bytes()} holds only its start. */
    boolean tooLong() {
        return tooLong;
    }

    /** Only spaces, tabs or a carriage return: nothing to read. */
    boolean blank() {
        for (int i = 0; i < length; i++) {
            byte c = line[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return !tooLong;
    }
}
