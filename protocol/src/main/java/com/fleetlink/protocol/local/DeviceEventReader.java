package com.fleetlink.protocol.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import java.io.IOException;

/**
 * Reads the hot lines, {@code register} and {@code unregister}, token by token instead of through
 * a JSON tree: they are nearly all of the sidecar's traffic. A line in the encoder's own shape is read
 * byte by byte first ({@link PlainDeviceEventLine}), without a parser.
 *
 * <p>It only ever answers for a well-formed line whose every field it understands, and answers
 * {@code null} for anything else (another type, a duplicate, missing or odd field, bad JSON), so
 * that the tree decoder, the one authority on errors and quirks, reads that line and gives the same
 * result it always did.
 */
final class DeviceEventReader {
    /** A number field's value before it is read, and after it failed the non-negative long check. */
    private static final long UNSET = -1;

    private final JsonParser json;
    private String type;
    private String imei;
    private String reason;
    private long conn = UNSET;
    private long at = UNSET;
    private long seq = UNSET;

    private DeviceEventReader(JsonParser json) {
        this.json = json;
    }

    /** The line as a register or unregister message, or {@code null} when the tree decoder must read it. */
    static LocalMessage read(JsonFactory factory, byte[] line, int offset, int length) {
        LocalMessage plain = PlainDeviceEventLine.read(line, offset, length);
        return plain != null ? plain : readWithParser(factory, line, offset, length);
    }

    /** {@link #read} for any line the byte-wise {@link PlainDeviceEventLine} leaves; package-private so a test can hold the two to the same results. */
    static LocalMessage readWithParser(JsonFactory factory, byte[] line, int offset, int length) {
        try (JsonParser json = factory.createParser(line, offset, length)) {
            return new DeviceEventReader(json).readObject();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private LocalMessage readObject() throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        JsonToken token;
        while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
            if (!readField(json.currentName(), json.nextToken())) {
                return null;
            }
        }
        // Like the tree decoder, it does not read what follows the object.
        return token == JsonToken.END_OBJECT ? message() : null;
    }

    /**
     * Takes one field's value; false as soon as the line is one for the tree decoder: a field seen
     * twice (the tree keeps the last), a value of an unexpected kind, or another type.
     */
    private boolean readField(String name, JsonToken value) throws IOException {
        return switch (name) {
            case "type" -> type == null && isDeviceEvent(type = text(value));
            case "imei" -> imei == null && (imei = text(value)) != null;
            case "reason" -> reason == null && (reason = text(value)) != null;
            case "conn" -> conn == UNSET && (conn = number(value)) != UNSET;
            case "at" -> at == UNSET && (at = number(value)) != UNSET;
            case "seq" -> seq == UNSET && (seq = number(value)) != UNSET;
            default -> skip();
        };
    }

    private LocalMessage message() {
        if (type == null || conn == UNSET || at == UNSET || seq == UNSET || !LocalProtocol.isImei(imei)) {
            return null;
        }
        if (type.equals("register")) {
            return new Register(imei, conn, at, seq);
        }
        return reason == null ? null : new Unregister(imei, conn, at, seq, reason);
    }

    private static boolean isDeviceEvent(String type) {
        return "register".equals(type) || "unregister".equals(type);
    }

    private String text(JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? json.getText() : null;
    }

    /** A plain non-negative integer that fits a long, else {@link #UNSET}; the tree also takes 5.0 and such. */
    private long number(JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return UNSET;
        }
        long number = json.getLongValue();
        return number < 0 ? UNSET : number;
    }

    /** Unknown fields are ignored, as by the tree decoder, though they must still be valid JSON. */
    private boolean skip() throws IOException {
        json.skipChildren();
        return true;
    }
}
