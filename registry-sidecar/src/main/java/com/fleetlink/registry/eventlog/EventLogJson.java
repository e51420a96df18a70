package com.fleetlink.registry.eventlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** The line format of {@link EventLogEntry}, written and read with Jackson's streaming API ({@link PlainLine} writes most lines). */
final class EventLogJson {
    // The writer hands a reused buffer in; closing a generator must leave it open.
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private EventLogJson() {
    }

    /**
     * Appends {@code entry} as one JSON object, without the newline: by hand ({@link PlainLine}) when
     * its strings are plain, with Jackson's generator otherwise.
     */
    static void write(EventLogEntry entry, LineBytes line) throws IOException {
        if (!PlainLine.write(entry, line)) {
            writeWithGenerator(entry, line);
        }
    }

    /** Jackson's bytes of {@code entry}'s line, the reference {@link PlainLine} keeps to. */
    static void writeWithGenerator(EventLogEntry entry, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(entry, json);
        }
    }

    static String toLine(EventLogEntry entry) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            write(entry, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void write(EventLogEntry e, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("ts", e.ts());
        json.writeStringField("kind", e.kind());
        json.writeStringField("type", e.type());
        string(json, "imei", e.imeiOrNull());
        number(json, "conn", e.has(EventLogEntry.CONN), e.connValue());
        number(json, "seq", e.has(EventLogEntry.SEQ), e.seqValue());
        number(json, "at", e.has(EventLogEntry.AT), e.atValue());
        string(json, "reason", e.reasonOrNull());
        string(json, "outcome", e.outcomeOrNull());
        string(json, "detail", e.detailOrNull());
        number(json, "count", e.has(EventLogEntry.COUNT), e.countValue());
        string(json, "snap", e.snapOrNull());
        string(json, "instance", e.instanceOrNull());
        devices(json, e.devicesOrNull());
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void devices(JsonGenerator json, List<HeldDevice> devices) throws IOException {
        if (devices == null) {
            return;
        }
        json.writeArrayFieldStart("devices");
        for (HeldDevice d : devices) {
            json.writeStartArray();
            json.writeString(d.imei());
            json.writeNumber(d.conn());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static void number(JsonGenerator json, String name, boolean present, long value) throws IOException {
        if (present) {
            json.writeNumberField(name, value);
        }
    }

    /**
     * Reads one line (without its newline) back into an entry.
     *
     * @throws MalformedLineException if the line is not one JSON object with {@code ts}, {@code kind}
     *         and {@code type}, or a known field has the wrong JSON type; unknown fields are ignored
     */
    static EventLogEntry parse(byte[] line, int offset, int length) throws MalformedLineException {
        try (JsonParser json = FACTORY.createParser(line, offset, length)) {
            return parse(json);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedLineException(String.valueOf(e.getMessage()));
        }
    }

    private static EventLogEntry parse(JsonParser json) throws IOException, MalformedLineException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedLineException("not a JSON object");
        }
        Fields f = new Fields();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "ts" -> f.ts = integer(json, value, name);
                case "kind" -> f.kind = string(json, value, name);
                case "type" -> f.type = string(json, value, name);
                case "imei" -> f.imei = string(json, value, name);
                case "conn" -> f.conn = integer(json, value, name);
                case "seq" -> f.seq = integer(json, value, name);
                case "at" -> f.at = integer(json, value, name);
                case "reason" -> f.reason = string(json, value, name);
                case "outcome" -> f.outcome = string(json, value, name);
                case "detail" -> f.detail = string(json, value, name);
                case "count" -> f.count = integer(json, value, name);
                case "snap" -> f.snap = string(json, value, name);
                case "instance" -> f.instance = string(json, value, name);
                case "devices" -> f.devices = devices(json, value);
                default -> json.skipChildren(); // a field of a later version
            }
        }
        if (json.nextToken() != null) {
            throw new MalformedLineException("text after the JSON object");
        }
        return f.toEntry();
    }

    private static String string(JsonParser json, JsonToken token, String name) throws IOException, MalformedLineException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new MalformedLineException("field " + name + " is not a string");
        }
        return json.getText();
    }

    private static Long integer(JsonParser json, JsonToken token, String name) throws IOException, MalformedLineException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedLineException("field " + name + " is not an integer");
        }
        return json.getLongValue();
    }

    private static List<HeldDevice> devices(JsonParser json, JsonToken token) throws IOException, MalformedLineException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new MalformedLineException("field devices is not an array");
        }
        List<HeldDevice> devices = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
            String imei = json.nextToken() == JsonToken.VALUE_STRING ? json.getText() : null;
            Long conn = json.nextToken() == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : null;
            if (imei == null || conn == null || json.nextToken() != JsonToken.END_ARRAY) {
                throw new MalformedLineException("field devices holds something other than [imei, conn]");
            }
            devices.add(new HeldDevice(imei, conn));
        }
        if (json.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedLineException("field devices holds something other than [imei, conn]");
        }
        return devices;
    }

    /** The fields of one line while it is being read. */
    private static final class Fields {
        Long ts;
        String kind;
        String type;
        String imei;
        Long conn;
        Long seq;
        Long at;
        String reason;
        String outcome;
        String detail;
        Long count;
        String snap;
        String instance;
        List<HeldDevice> devices;

        EventLogEntry toEntry() throws MalformedLineException {
            if (ts == null || kind == null || kind.isBlank() || type == null || type.isBlank()) {
                throw new MalformedLineException("missing ts, kind or type");
            }
            EventLogEntry.Builder b = EventLogEntry.builder(ts, kind, type).imei(imei).reason(reason)
                    .outcome(outcome).detail(detail).snap(snap).instance(instance).devices(devices);
            if (conn != null) {
                b.conn(conn);
            }
            if (seq != null) {
                b.seq(seq);
            }
            if (at != null) {
                b.at(at);
            }
            if (count != null) {
                b.count(count);
            }
            return b.build();
        }
    }

    /** A line that is not an event-log entry; the message says why. */
    static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLineException(String message) {
            super(message, null, false, false); // expected on torn lines: no stack trace to fill
        }
    }
}
