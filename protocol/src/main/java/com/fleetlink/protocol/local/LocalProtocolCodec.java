package com.fleetlink.protocol.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fleetlink.protocol.io.JsonTree;
import com.fleetlink.protocol.io.JsonVerbatim;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.ParsedLine.Invalid;
import com.fleetlink.protocol.local.ParsedLine.Parsed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one JSON-lines codec of the local protocol, used by both processes.
 *
 * <p>Reading never throws: a line is either a {@link Parsed} message or an {@link Invalid} with
 * the reason, so one bad line costs a counter and a log line, never the connection. Unknown fields
 * are ignored; unknown types come back as {@link LineError#UNKNOWN_TYPE}. Thread-safe.
 */
public final class LocalProtocolCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private LocalProtocolCodec() {
    }

    /** The message as one line of UTF-8 JSON, newline included. */
    public static byte[] encode(LocalMessage message) {
        // register and unregister go out once per handshake and per close: written by hand they cost
        // no generator per line. Only strings that need no escaping take this way, so the bytes are
        // the generator's; anything else goes the general way.
        if (message instanceof Register m && isPlain(m.imei())) {
            return deviceEvent(m.type(), m.imei(), m.conn(), m.at(), m.seq()).append("}\n").toString()
                    .getBytes(StandardCharsets.US_ASCII);
        }
        if (message instanceof Unregister m && isPlain(m.imei()) && isPlain(m.reason())) {
            return deviceEvent(m.type(), m.imei(), m.conn(), m.at(), m.seq()).append(",\"reason\":\"")
                    .append(m.reason()).append("\"}\n").toString().getBytes(StandardCharsets.US_ASCII);
        }
        return encodeWithGenerator(message);
    }

    /** The fields {@link #writeDeviceEvent} writes, as the generator writes them, without the closing brace. */
    private static StringBuilder deviceEvent(String type, String imei, long conn, long at, long seq) {
        return new StringBuilder(128).append("{\"type\":\"").append(type).append("\",\"imei\":\"").append(imei)
                .append("\",\"conn\":").append(conn).append(",\"at\":").append(at).append(",\"seq\":").append(seq);
    }

    /** Printable ASCII without the two characters JSON escapes in it: written verbatim by any JSON writer. */
    private static boolean isPlain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!JsonVerbatim.isVerbatim(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #encode} through the JSON generator, for every message; package-private so a test can hold the two to the same bytes. */
    static byte[] encodeWithGenerator(LocalMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", message.type());
            writeFields(json, message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeFields(JsonGenerator json, LocalMessage message) throws IOException {
        if (message instanceof Hello m) {
            json.writeNumberField("v", m.v());
            json.writeNumberField("pid", m.pid());
            json.writeStringField("boot", m.boot());
            writeCaps(json, m.caps());
        } else if (message instanceof Snapshot m) {
            json.writeStringField("snap", m.snap());
            json.writeArrayFieldStart("imeis");
            for (HeldDevice d : m.imeis()) {
                json.writeStartArray();
                json.writeString(d.imei());
                json.writeNumber(d.conn());
                if (d.at() != HeldDevice.NO_AT) {
                    json.writeNumber(d.at());
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeBooleanField("last", m.last());
        } else if (message instanceof Register m) {
            writeDeviceEvent(json, m.imei(), m.conn(), m.at(), m.seq());
        } else if (message instanceof Unregister m) {
            writeDeviceEvent(json, m.imei(), m.conn(), m.at(), m.seq());
            json.writeStringField("reason", m.reason());
        } else if (message instanceof Pong m) {
            json.writeNumberField("n", m.n());
        } else if (message instanceof Shutdown m) {
            json.writeNumberField("at", m.at());
            json.writeNumberField("seq", m.seq());
        } else if (message instanceof Welcome m) {
            json.writeNumberField("v", m.v());
            json.writeStringField("instance", m.instance());
            writeCaps(json, m.caps());
        } else if (message instanceof Ping m) {
            json.writeNumberField("n", m.n());
        } else if (message instanceof Released m) {
            json.writeNumberField("count", m.count());
        } else if (message instanceof Command m) {
            writeCommandId(json, m.id(), m.imei(), m.conn(), m.attempt());
            json.writeNumberField("codec", m.codec());
            json.writeStringField("hex", HEX.formatHex(m.payload()));
            json.writeNumberField("timeout", m.timeout());
            json.writeBooleanField("reply", m.reply());
            if (m.deadline() != Command.NO_DEADLINE) {
                json.writeNumberField("deadline", m.deadline());
            }
        } else if (message instanceof CommandSent m) {
            writeCommandId(json, m.id(), m.imei(), m.conn(), m.attempt());
            json.writeNumberField("at", m.at());
        } else if (message instanceof CommandResult m) {
            writeCommandId(json, m.id(), m.imei(), m.conn(), m.attempt());
            json.writeStringField("hex", HEX.formatHex(m.response()));
            json.writeStringField("text", m.text());
            json.writeBooleanField("late", m.late());
            json.writeNumberField("at", m.at());
        } else if (message instanceof CommandFailed m) {
            writeCommandId(json, m.id(), m.imei(), m.conn(), m.attempt());
            json.writeStringField("reason", m.reason());
            json.writeBooleanField("written", m.written());
            json.writeNumberField("at", m.at());
        } else if (message instanceof CommandReady m) {
            json.writeStringField("imei", m.imei());
            json.writeNumberField("conn", m.conn());
        } else if (message instanceof ControlRequest m && m.imei() != null) {
            json.writeStringField("imei", m.imei());
        }
        // Resync and plain control requests carry nothing but their type.
    }

    /** Written only when there are some, so a peer that predates {@code caps} sees the line it knows. */
    private static void writeCaps(JsonGenerator json, List<String> caps) throws IOException {
        if (caps.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("caps");
        for (String cap : caps) {
            json.writeString(cap);
        }
        json.writeEndArray();
    }

    private static void writeDeviceEvent(JsonGenerator json, String imei, long conn, long at, long seq) throws IOException {
        json.writeStringField("imei", imei);
        json.writeNumberField("conn", conn);
        json.writeNumberField("at", at);
        json.writeNumberField("seq", seq);
    }

    /** The fields that name one attempt of one command, first in every command line. */
    private static void writeCommandId(JsonGenerator json, String id, String imei, long conn, int attempt) throws IOException {
        json.writeStringField("id", id);
        json.writeStringField("imei", imei);
        json.writeNumberField("conn", conn);
        json.writeNumberField("attempt", attempt);
    }

    /** Reads one line (without its newline). */
    public static ParsedLine decode(byte[] line, int offset, int length) {
        if (length > LocalProtocol.MAX_LINE_BYTES) {
            return new Invalid(LineError.TOO_LONG, "line of " + length + " bytes exceeds " + LocalProtocol.MAX_LINE_BYTES);
        }
        LocalMessage deviceEvent = DeviceEventReader.read(FACTORY, line, offset, length);
        return deviceEvent != null ? new Parsed(deviceEvent) : decodeTree(line, offset, length);
    }

    /** The reader of every line the streaming {@link DeviceEventReader} leaves to it, and of every error. */
    private static ParsedLine decodeTree(byte[] line, int offset, int length) {
        Object tree;
        try (JsonParser parser = FACTORY.createParser(line, offset, length)) {
            tree = JsonTree.read(parser);
        } catch (JsonProcessingException e) {
            return new Invalid(LineError.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Invalid(LineError.NOT_JSON, "unreadable: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> node)) {
            return new Invalid(LineError.NOT_JSON, "not a JSON object");
        }
        if (!(node.get("type") instanceof String type)) {
            return new Invalid(LineError.MISSING_TYPE, "no \"type\" string");
        }
        try {
            return new Parsed(read(type, new Fields(node)));
        } catch (FieldException e) {
            return new Invalid(e.error, type + ": " + e.getMessage());
        }
    }

    /** Reads one line given as a string (tests and control clients). */
    public static ParsedLine decode(String line) {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    private static LocalMessage read(String type, Fields f) {
        return switch (type) {
            case "hello" -> new Hello(f.integer("v"), f.number("pid"), f.text("boot"), f.caps());
            case "snapshot" -> new Snapshot(f.text("snap"), f.heldDevices("imeis"), f.bool("last"));
            case "register" -> new Register(f.imei(), f.number("conn"), f.number("at"), f.number("seq"));
            case "unregister" -> new Unregister(f.imei(), f.number("conn"), f.number("at"), f.number("seq"), f.text("reason"));
            case "pong" -> new Pong(f.number("n"));
            case "shutdown" -> new Shutdown(f.number("at"), f.number("seq"));
            case "welcome" -> new Welcome(f.integer("v"), f.text("instance"), f.caps());
            case "ping" -> new Ping(f.number("n"));
            case "resync" -> new Resync();
            case "released" -> new Released(f.integer("count"));
            case "command" -> new Command(f.text("id"), f.imei(), f.number("conn"), f.integer("attempt"), f.codec(),
                    f.payload(), f.number("timeout"), f.bool("reply"), f.optionalNumber("deadline", Command.NO_DEADLINE));
            case "command_sent" -> new CommandSent(f.text("id"), f.imei(), f.number("conn"), f.integer("attempt"),
                    f.number("at"));
            case "command_result" -> new CommandResult(f.text("id"), f.imei(), f.number("conn"), f.integer("attempt"),
                    f.hex("hex"), f.bool("late"), f.number("at"));
            case "command_failed" -> new CommandFailed(f.text("id"), f.imei(), f.number("conn"), f.integer("attempt"),
                    f.text("reason"), f.bool("written"), f.number("at"));
            case "command_ready" -> new CommandReady(f.imei(), f.number("conn"));
            case "status" -> new ControlRequest(ControlCommand.STATUS, f.optionalImei());
            case "flush" -> new ControlRequest(ControlCommand.FLUSH, f.optionalImei());
            case "release" -> new ControlRequest(ControlCommand.RELEASE, f.optionalImei());
            default -> throw new FieldException(LineError.UNKNOWN_TYPE, "unknown type");
        };
    }

    /** Typed access to a line's fields; every failure names the field. */
    private record Fields(Map<?, ?> node) {
        Object required(String name) {
            Object value = node.get(name);
            if (value == null) {
                throw new FieldException(LineError.MISSING_FIELD, "missing \"" + name + "\"");
            }
            return value;
        }

        long number(String name) {
            Object value = required(name);
            if (!isNonNegativeLong(value)) {
                throw new FieldException(LineError.BAD_FIELD, "\"" + name + "\" must be a non-negative integer");
            }
            return JsonTree.asLong(value);
        }

        /** An optional non-negative integer field: {@code absent} when it is missing or null. */
        long optionalNumber(String name, long absent) {
            return node.get(name) == null ? absent : number(name);
        }

        /** The optional {@code caps} list of strings; absent means none. */
        List<String> caps() {
            Object array = node.get("caps");
            if (array == null) {
                return List.of();
            }
            if (!(array instanceof List<?> list)) {
                throw new FieldException(LineError.BAD_FIELD, "\"caps\" must be an array of strings");
            }
            List<String> caps = new ArrayList<>(list.size());
            for (Object cap : list) {
                if (!(cap instanceof String text)) {
                    throw new FieldException(LineError.BAD_FIELD, "\"caps\" must be an array of strings");
                }
                caps.add(text);
            }
            return caps;
        }

        int integer(String name) {
            long value = number(name);
            if (value > Integer.MAX_VALUE) {
                throw new FieldException(LineError.BAD_FIELD, "\"" + name + "\" is too large");
            }
            return (int) value;
        }

        String text(String name) {
            if (!(required(name) instanceof String text)) {
                throw new FieldException(LineError.BAD_FIELD, "\"" + name + "\" must be a string");
            }
            return text;
        }

        boolean bool(String name) {
            if (!(required(name) instanceof Boolean bool)) {
                throw new FieldException(LineError.BAD_FIELD, "\"" + name + "\" must be true or false");
            }
            return bool;
        }

        /** The {@code codec} field: 12 or 14, the codecs that carry commands. */
        int codec() {
            int codec = integer("codec");
            if (codec != 12 && codec != 14) {
                throw new FieldException(LineError.BAD_FIELD, "\"codec\" must be 12 or 14");
            }
            return codec;
        }

        /** A command's {@code hex}: at most {@link LocalProtocol#MAX_COMMAND_BYTES} once decoded. */
        byte[] payload() {
            byte[] payload = hex("hex");
            if (payload.length > LocalProtocol.MAX_COMMAND_BYTES) {
                throw new FieldException(LineError.BAD_FIELD,
                        "\"hex\" holds " + payload.length + " bytes, more than " + LocalProtocol.MAX_COMMAND_BYTES);
            }
            return payload;
        }

        /** A string of hex digit pairs; the line's own limit bounds its length. */
        byte[] hex(String name) {
            String hex = text(name);
            try {
                return HEX.parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new FieldException(LineError.BAD_FIELD, "\"" + name + "\" must be pairs of hex digits");
            }
        }

        /** The {@code imei} field when present (checked like a required one), else {@code null}. */
        String optionalImei() {
            return node.get("imei") == null ? null : imei();
        }

        String imei() {
            String imei = text("imei");
            if (!LocalProtocol.isImei(imei)) {
                throw new FieldException(LineError.BAD_FIELD, "\"imei\" must be 15 digits");
            }
            return imei;
        }

        List<HeldDevice> heldDevices(String name) {
            if (!(required(name) instanceof List<?> array) || array.size() > LocalProtocol.SNAPSHOT_CHUNK) {
                throw new FieldException(LineError.BAD_FIELD,
                        "\"" + name + "\" must be an array of at most " + LocalProtocol.SNAPSHOT_CHUNK + " entries");
            }
            List<HeldDevice> devices = new ArrayList<>(array.size());
            for (Object entry : array) {
                if (!(entry instanceof List<?> held) || !isHeldDevice(held)) {
                    throw new FieldException(LineError.BAD_FIELD,
                            "\"" + name + "\" holds an entry that is neither [15-digit imei, conn] nor [15-digit imei, conn, at]");
                }
                long at = held.size() == 3 ? JsonTree.asLong(held.get(2)) : HeldDevice.NO_AT;
                devices.add(new HeldDevice((String) held.get(0), JsonTree.asLong(held.get(1)), at));
            }
            return devices;
        }

        private static boolean isHeldDevice(List<?> entry) {
            return (entry.size() == 2 || entry.size() == 3)
                    && entry.get(0) instanceof String imei && LocalProtocol.isImei(imei)
                    && isNonNegativeLong(entry.get(1))
                    && (entry.size() == 2 || isNonNegativeLong(entry.get(2)));
        }

        private static boolean isNonNegativeLong(Object value) {
            return JsonTree.isExactLong(value) && JsonTree.asLong(value) >= 0;
        }
    }

    /** A field problem; unwinds {@link #read} to the one place that turns it into an {@link Invalid}. */
    private static final class FieldException extends RuntimeException {
        private final LineError error;

        FieldException(LineError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }
}
