package com.fleetlink.ingestion.registry;

/**
 * Cuts a byte stream into {@code \n}-terminated lines of at most {@code maxLength} bytes. A longer
 * line is skipped up to its newline and reported once, so one oversized line never costs more
 * than {@code maxLength} bytes of memory nor the lines after it.
 */
final class LineSplitter {

    /** Receives what the splitter finds. */
    interface Lines {
        /** A complete line without its newline; {@code buf} is reused after the call returns. */
        void line(byte[] buf, int offset, int length);

        /** A line of {@code length} bytes (newline excluded) was longer than the limit and was skipped. */
        void tooLong(long length);
    }

    private final byte[] line;
    private int length;
    private long skipped = -1;

    LineSplitter(int maxLength) {
        this.line = new byte[maxLength];
    }

    /** Feeds {@code len} bytes; calls {@code out} for every line they complete. */
    void feed(byte[] src, int offset, int len, Lines out) {
        for (int i = offset; i < offset + len; i++) {
            byte b = src[i];
            if (b == '\n') {
                if (skipped >= 0) {
                    out.tooLong(skipped);
                    skipped = -1;
                } else {
                    out.line(line, 0, length);
                }
                length = 0;
            } else if (skipped >= 0) {
                skipped++;
            } else if (length == line.length) {
                skipped = length + 1L;
                length = 0;
            } else {
                line[length++] = b;
            }
        }
    }
}
