package com.fleetlink.protocol.local;

import com.fleetlink.protocol.io.JsonVerbatim;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code register} or {@code unregister} line written exactly as {@link LocalProtocolCodec#encode}
 * writes one by hand: the fields in its order, no whitespace, nothing to unescape. That is every such
 * line an ingestion sends, and reading it byte by byte costs no JSON parser set-up per line, which
 * was a quarter of the sidecar's allocation.
 *
 * <p>It answers only when the bytes are that exact shape and the JSON parsers would read the same
 * message from them; anything else, however slightly off (a leading zero, a number too long to be
 * sure it fits, a space, an escape, a trailing byte), is {@code null}, left to the parsers.
 */
final class PlainDeviceEventLine {
    private static final byte[] TYPE = ascii("{\"type\":\"");
    private static final byte[] REGISTER = ascii("register\",\"imei\":\"");
    private static final byte[] UNREGISTER = ascii("unregister\",\"imei\":\"");
    private static final byte[] CONN = ascii("\",\"conn\":");
    private static final byte[] AT = ascii(",\"at\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] REASON = ascii(",\"reason\":\"");
    private static final int IMEI_DIGITS = 15;
    /** Any 18 digits fit a long; a longer number is left to the parsers' range checks. */
    private static final int MAX_DIGITS = 18;
    private static final long NOT_READ = -1;

    private final byte[] line;
    private final int end;
    private int pos;

    private PlainDeviceEventLine(byte[] line, int offset, int length) {
        this.line = line;
        this.pos = offset;
        this.end = offset + length;
    }

    /** The line's message when it is in the hand-written shape, else {@code null}. */
    static LocalMessage read(byte[] line, int offset, int length) {
        return new PlainDeviceEventLine(line, offset, length).message();
    }

    private LocalMessage message() {
        if (!skip(TYPE)) {
            return null;
        }
        boolean register = skip(REGISTER);
        if (!register && !skip(UNREGISTER)) {
            return null;
        }
        String imei = imei();
        if (imei == null || !skip(CONN)) {
            return null;
        }
        long conn = number();
        if (conn == NOT_READ || !skip(AT)) {
            return null;
        }
        long at = number();
        if (at == NOT_READ || !skip(SEQ)) {
            return null;
        }
        long seq = number();
        if (seq == NOT_READ) {
            return null;
        }
        if (register) {
            return closes() ? new Register(imei, conn, at, seq) : null;
        }
        String reason = skip(REASON) ? reason() : null;
        return reason != null && closes() ? new Unregister(imei, conn, at, seq, reason) : null;
    }

    private boolean skip(byte[] expected) {
        if (end - pos < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (line[pos + i] != expected[i]) {
                return false;
            }
        }
        pos += expected.length;
        return true;
    }

    private String imei() {
        if (end - pos < IMEI_DIGITS) {
            return null;
        }
        for (int i = pos; i < pos + IMEI_DIGITS; i++) {
            if (!isDigit(line[i])) {
                return null;
            }
        }
        String imei = new String(line, pos, IMEI_DIGITS, StandardCharsets.US_ASCII);
        pos += IMEI_DIGITS;
        return imei;
    }

    /** A JSON integer without sign, exponent or fraction: no leading zero, as the parsers refuse one. */
    private long number() {
        int start = pos;
        long value = 0;
        while (pos < end && isDigit(line[pos])) {
            value = value * 10 + (line[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && line[start] == '0')) {
            return NOT_READ;
        }
        return value;
    }

    /** Printable ASCII up to the closing quote; a backslash or any other byte is the parsers' to read. */
    private String reason() {
        int start = pos;
        while (pos < end && line[pos] != '"') {
            if (!JsonVerbatim.isVerbatim(line[pos])) {
                return null;
            }
            pos++;
        }
        if (pos == end) {
            return null;
        }
        String reason = new String(line, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return reason;
    }

    /** The closing brace is the line's last byte. */
    private boolean closes() {
        return pos == end - 1 && line[pos] == '}';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
