package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.io.JsonVerbatim;
import com.fleetlink.registry.core.PackedImei;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reused, growable buffer for one event-log line that lends its array instead of copying it.
 * Unlike {@link java.io.ByteArrayOutputStream} its writes are not synchronized: one thread owns it.
 */
final class LineBytes extends OutputStream {
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private byte[] buf = new byte[256];
    private int size;

    /** The array holding the line; only its first {@link #size()} bytes are the line. */
    byte[] bytes() {
        return buf;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** Forgets everything written after the first {@code size} bytes. */
    void truncate(int size) {
        this.size = size;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** Appends {@code value} in decimal, as {@link Long#toString(long)} spells it. */
    void writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            write(LONG_MIN, 0, LONG_MIN.length);
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int at = size + digits;
        size = at;
        do {
            buf[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    /** Appends the IMEI {@code packed} holds ({@link PackedImei}): 15 digits, no {@code String} made. */
    void writeImei(long packed) {
        ensure(PackedImei.DIGITS);
        PackedImei.unpackInto(packed, buf, size);
        size += PackedImei.DIGITS;
    }

    /**
     * Appends {@code text} if every character is printable ASCII other than {@code "} and {@code \},
     * the characters JSON writes as they are; otherwise appends nothing and answers false.
     */
    boolean writePlain(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!JsonVerbatim.isVerbatim(c)) {
                return false;
            }
            buf[size + i] = (byte) c;
        }
        size += length;
        return true;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
