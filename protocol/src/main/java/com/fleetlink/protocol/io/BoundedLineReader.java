package com.fleetlink.protocol.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a blocking byte stream into {@code \n}-terminated lines of at most {@code maxLineBytes}
 * (newline excluded), so a peer or a damaged file without newlines cannot make the reader hold more
 * than that.
 *
 * <p>{@link #next()} says what came as a {@link Read}: a {@link Line}, a {@link TooLong} as soon as a
 * line passes the limit (the next call skips the rest of it, so the lines after it survive), or the
 * {@link End}. Only a failing source throws. One thread at a time.
 */
public final class BoundedLineReader {
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int FIRST_LINE_BYTES = 512;

    /** Where the bytes come from; blocks until it has some, and returns -1 at the end. */
    @FunctionalInterface
    public interface Source {
        /** Reads up to {@code length} bytes into {@code buf} at {@code offset}; their count, or -1 at the end. */
        int read(byte[] buf, int offset, int length) throws IOException;
    }

    /** What one call of {@link #next()} found. */
    public sealed interface Read permits Line, TooLong, End {
    }

    /**
     * One line without its newline. {@code bytes} is the reader's buffer: valid up to {@code length}
     * until the next call.
     *
     * @param terminated {@code false} for a last line the stream ended in the middle of
     */
    public record Line(byte[] bytes, int length, boolean terminated) implements Read {
        /** The line decoded as UTF-8. */
        public String text() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        /** Nothing but spaces, tabs or a carriage return. */
        public boolean blank() {
            for (int i = 0; i < length; i++) {
                byte c = bytes[i];
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /** A line passed {@code limit} bytes; nothing of it is kept. */
    public record TooLong(int limit) implements Read {
    }

    /** The stream ended after the last line. */
    public record End() implements Read {
    }

    private static final End END = new End();

    private final Source source;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int pos;
    private int limit;
    private byte[] line;
    private int length;
    private boolean skipping;

    /** Reads from {@code source}, which must block until it has bytes. */
    public BoundedLineReader(Source source, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("line limit must be at least 1 byte, not " + maxLineBytes);
        }
        this.source = source;
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[Math.min(FIRST_LINE_BYTES, maxLineBytes)];
    }

    /** Reads from a blocking input stream. */
    public static BoundedLineReader of(InputStream in, int maxLineBytes) {
        return new BoundedLineReader(in::read, maxLineBytes);
    }

    /** Reads from a channel in blocking mode. */
    public static BoundedLineReader of(ReadableByteChannel channel, int maxLineBytes) {
        return new BoundedLineReader((buf, offset, len) -> channel.read(ByteBuffer.wrap(buf, offset, len)), maxLineBytes);
    }

    /** The next line, a line over the limit, or the end; blocks until one of them is known. */
    public Read next() throws IOException {
        if (skipping && !skipPastNewline()) {
            return END;
        }
        length = 0;
        while (true) {
            if (pos == limit && !fill()) {
                return length > 0 ? new Line(line, length, false) : END;
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            if (length + (end - pos) > maxLineBytes) {
                pos = end;
                skipping = true;
                return new TooLong(maxLineBytes);
            }
            append(end);
            if (newline >= 0) {
                pos = newline + 1;
                return new Line(line, length, true);
            }
        }
    }

    /** Drops bytes up to and including the next newline; {@code false} when the stream ended first. */
    private boolean skipPastNewline() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return false;
            }
            int newline = indexOfNewline();
            if (newline >= 0) {
                pos = newline + 1;
                skipping = false;
                return true;
            }
            pos = limit;
        }
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = source.read(chunk, 0, chunk.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = pos; i < limit; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int end) {
        int n = end - pos;
        if (length + n > line.length) {
            // Grows only as far as lines do, so a generous limit costs nothing until a long line comes.
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(length + n, line.length * 2)));
        }
        System.arraycopy(chunk, pos, line, length, n);
        length += n;
        pos = end;
    }
}
