package com.fleetlink.ingestion.telemetry;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.protocol.io.JsonVerbatim;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the one JSON shape of a record straight into a reusable byte buffer: the bytes
 * {@link AvlRecordJson} writes through Jackson's generator, without its per-field bookkeeping, the
 * {@code String} of every IO id or the {@code BigDecimal} of every coordinate.
 *
 * <p>Degrees are decimal numbers, 1-, 2- and 4-byte IO values unsigned integers, 8-byte IO values
 * strings of their unsigned decimal value, NX values lowercase hex strings, {@code generationType}
 * null for codecs that do not carry it. Not thread-safe: one encoder per writing thread.
 */
public final class TelemetryJsonEncoder {
    private static final byte[] IMEI = ascii("{\"imei\":\"");
    private static final byte[] RECEIVED_AT = ascii("\",\"receivedAt\":");
    private static final byte[] CODEC = ascii(",\"codec\":\"");
    private static final byte[] TIMESTAMP_AFTER_CODEC = ascii("\",\"timestamp\":");
    private static final byte[] TIMESTAMP_FIRST = ascii("{\"timestamp\":");
    private static final byte[] PRIORITY = ascii(",\"priority\":");
    private static final byte[] LONGITUDE = ascii(",\"longitude\":");
    private static final byte[] LATITUDE = ascii(",\"latitude\":");
    private static final byte[] ALTITUDE = ascii(",\"altitude\":");
    private static final byte[] ANGLE = ascii(",\"angle\":");
    private static final byte[] SATELLITES = ascii(",\"satellites\":");
    private static final byte[] SPEED = ascii(",\"speed\":");
    private static final byte[] EVENT_ID = ascii(",\"eventId\":");
    private static final byte[] GENERATION_TYPE = ascii(",\"generationType\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] IO = ascii(",\"io\":{");
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
    /** The IO width whose unsigned values do not fit a double's 53-bit mantissa. */
    private static final int LONG_IO_WIDTH = 8;
    /** Coordinates are degrees × 10⁷ on the wire. */
    private static final int DEGREE_SCALE = 7;
    private static final int RAW_PER_DEGREE = 10_000_000;

    /** "00" to "99": numbers are written two digits per division. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final int[] INT_POWERS_OF_TEN = {10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};
    private static final int MAX_INT_DIGITS = 10;
    private static final int MAX_LONG_DIGITS = 19;

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf = new byte[1024];
    private int size;
    /**
     * The batch part of the last telemetry object ({@code {"imei":…} to {@code "timestamp":}), the
     * same for every record of a packet, and the values it was written from.
     */
    private byte[] batchPrefix = new byte[128];
    private int batchPrefixLength;
    private String prefixImei;
    private long prefixReceivedAt;
    private Codec prefixCodec;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Appends the object a sink stores per record: {@code imei}, {@code receivedAt} and {@code codec}
     * from the batch, then the record's fields. A JSON Lines line and a Kafka record value hold exactly this.
     *
     * @throws IllegalArgumentException if the IMEI holds a character JSON would escape (the handshake admits digits only)
     */
    public void appendTelemetryObject(TelemetryBatch batch, AvlRecord r) {
        if (batch.receivedAt() != prefixReceivedAt || batch.codec() != prefixCodec || !batch.imei().equals(prefixImei)) {
            rememberBatchPrefix(batch);
        }
        ensure(batchPrefixLength);
        System.arraycopy(batchPrefix, 0, buf, size, batchPrefixLength);
        size += batchPrefixLength;
        appendFieldsAfterTimestampName(r);
    }

    private void rememberBatchPrefix(TelemetryBatch batch) {
        int start = size;
        append(IMEI);
        appendPlainAscii(batch.imei());
        append(RECEIVED_AT);
        appendLong(batch.receivedAt());
        append(CODEC);
        appendPlainAscii(batch.codec().label());
        append(TIMESTAMP_AFTER_CODEC);
        batchPrefixLength = size - start;
        if (batchPrefix.length < batchPrefixLength) {
            batchPrefix = new byte[batchPrefixLength];
        }
        System.arraycopy(buf, start, batchPrefix, 0, batchPrefixLength);
        size = start;
        prefixImei = batch.imei();
        prefixReceivedAt = batch.receivedAt();
        prefixCodec = batch.codec();
    }

    /** Appends an object of the record's fields alone, as the {@code decode} command prints each record. */
    public void appendRecordObject(AvlRecord r) {
        append(TIMESTAMP_FIRST);
        appendFieldsAfterTimestampName(r);
    }

    /** Appends JSON text as it stands (the punctuation around records), one byte per ASCII char. */
    public void appendRaw(String asciiJson) {
        int n = asciiJson.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) asciiJson.charAt(i);
        }
    }

    /** Appends the content of a JSON string, or a number's text, that JSON would not escape: one byte per char. */
    private void appendPlainAscii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!JsonVerbatim.isVerbatim(c)) {
                throw new IllegalArgumentException("not plain ASCII: " + text);
            }
            buf[size++] = (byte) c;
        }
    }

    /** Appends one ASCII byte, such as the newline that ends a JSON Lines line. */
    public void append(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    /** Writes what was appended since the last {@link #reset()} to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** A copy of what was appended since the last {@link #reset()}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Empties the buffer, keeping its capacity for the next records. */
    public void reset() {
        size = 0;
    }

    private void appendFieldsAfterTimestampName(AvlRecord r) {
        appendLong(r.timestamp());
        append(PRIORITY);
        appendLong(r.priority());
        append(LONGITUDE);
        appendDegrees(r.longitude());
        append(LATITUDE);
        appendDegrees(r.latitude());
        append(ALTITUDE);
        appendLong(r.altitude());
        append(ANGLE);
        appendLong(r.angle());
        append(SATELLITES);
        appendLong(r.satellites());
        append(SPEED);
        appendLong(r.speed());
        append(EVENT_ID);
        appendLong(r.eventId());
        append(GENERATION_TYPE);
        if (r.hasGenerationType()) {
            appendLong(r.generationType());
        } else {
            append(NULL);
        }
        append(IO);
        appendIo(r.io());
        append('}');
        append('}');
    }

    private void appendIo(IoElements io) {
        boolean first = true;
        for (int i = 0; i < io.fixedCount(); i++) {
            first = appendIoName(io.id(i), first);
            if (io.width(i) == LONG_IO_WIDTH) {
                // Always a string, whatever the value: readers that parse numbers as doubles (JavaScript,
                // Directus) would round 8937000000000000004 to 8937000000000000000, and a field whose
                // JSON type changed with its value would break typed consumers.
                append('"');
                appendUnsigned(io.value(i));
                append('"');
            } else {
                appendLong(io.value(i));
            }
        }
        for (int i = 0; i < io.variableCount(); i++) {
            first = appendIoName(io.variableId(i), first);
            appendHexString(io.variableValue(i));
        }
    }

    /** Appends {@code ,"id":} (no comma before the first); returns false, the next call's {@code first}. */
    private boolean appendIoName(int id, boolean first) {
        if (!first) {
            append(',');
        }
        append('"');
        appendLong(id);
        append('"');
        append(':');
        return false;
    }

    /**
     * Appends raw / 10⁷ as {@code BigDecimal.valueOf(raw, 7).stripTrailingZeros().toString()} prints
     * it. That text is plain digits except for |raw| below 10 ({@code 5E-7}) and multiples of 10⁸,
     * whose stripped scale is negative ({@code 1E+1}); those few, and zero, take the BigDecimal route
     * itself so the old text stays exact.
     */
    private void appendDegrees(int raw) {
        long abs = Math.abs((long) raw);
        if (abs < 10 || abs % (10L * RAW_PER_DEGREE) == 0) {
            appendPlainAscii(BigDecimal.valueOf(raw, DEGREE_SCALE).stripTrailingZeros().toString());
            return;
        }
        if (raw < 0) {
            append('-');
        }
        appendLong(abs / RAW_PER_DEGREE);
        int fraction = (int) (abs % RAW_PER_DEGREE);
        if (fraction == 0) {
            return;
        }
        int digits = DEGREE_SCALE;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        append('.');
        ensure(digits);
        for (int p = size + digits - 1; p >= size; p--) {
            buf[p] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        size += digits;
    }

    private void appendUnsigned(long value) {
        if (value >= 0) {
            appendLong(value);
        } else {
            appendPlainAscii(Long.toUnsignedString(value));
        }
    }

    private void appendLong(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                appendPlainAscii(Long.toString(value));
                return;
            }
            append('-');
            value = -value;
        }
        if (value <= Integer.MAX_VALUE) {
            int digits = digits((int) value);
            ensure(digits);
            size += digits;
            writeDigitsBefore(size, (int) value);
            return;
        }
        ensure(MAX_LONG_DIGITS);
        int digits = MAX_INT_DIGITS;
        for (long rest = value / INT_POWERS_OF_TEN[MAX_INT_DIGITS - 2]; rest >= 10; rest /= 10) {
            digits++;
        }
        int p = size + digits;
        size = p;
        // Two digits per long division until the rest fits an int, whose divisions are cheaper.
        while (value > Integer.MAX_VALUE) {
            long quotient = value / 100;
            int pair = 2 * (int) (value - quotient * 100);
            buf[--p] = DIGIT_PAIRS[pair + 1];
            buf[--p] = DIGIT_PAIRS[pair];
            value = quotient;
        }
        writeDigitsBefore(p, (int) value);
    }

    private static int digits(int value) {
        int digits = 1;
        while (digits < MAX_INT_DIGITS && value >= INT_POWERS_OF_TEN[digits - 1]) {
            digits++;
        }
        return digits;
    }

    /** Writes the decimal digits of {@code value} (not negative) so that the last one lands just before {@code end}. */
    private void writeDigitsBefore(int end, int value) {
        int p = end;
        while (value >= 100) {
            int quotient = value / 100;
            int pair = 2 * (value - quotient * 100);
            buf[--p] = DIGIT_PAIRS[pair + 1];
            buf[--p] = DIGIT_PAIRS[pair];
            value = quotient;
        }
        if (value >= 10) {
            buf[--p] = DIGIT_PAIRS[2 * value + 1];
            buf[--p] = DIGIT_PAIRS[2 * value];
        } else {
            buf[--p] = (byte) ('0' + value);
        }
    }

    private void appendHexString(byte[] value) {
        ensure(2 * value.length + 2);
        buf[size++] = '"';
        for (byte b : value) {
            buf[size++] = HEX_DIGITS[(b >> 4) & 0xF];
            buf[size++] = HEX_DIGITS[b & 0xF];
        }
        buf[size++] = '"';
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, size + more));
        }
    }
}
