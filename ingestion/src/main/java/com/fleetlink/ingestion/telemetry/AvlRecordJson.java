package com.fleetlink.ingestion.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.IoElements;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HexFormat;

/**
 * The one JSON shape of a record written through Jackson's generator: degrees as decimal numbers,
 * 1-, 2- and 4-byte IO values as unsigned integers, 8-byte IO values as strings of their unsigned
 * decimal value, NX values as lowercase hex strings, {@code generationType} null for codecs that do
 * not carry it.
 *
 * <p>No sink writes through it any more: {@link TelemetryJsonEncoder} writes the same bytes by hand.
 * It stays as the reference those bytes are compared with ({@code TelemetryJsonEncoderTest}) and the
 * baseline the benchmarks measure the encoder against.
 */
public final class AvlRecordJson {
    private static final HexFormat HEX = HexFormat.of();
    /** The IO width whose unsigned values do not fit a double's 53-bit mantissa. */
    private static final int LONG_IO_WIDTH = 8;

    private AvlRecordJson() {
    }

    /**
     * Writes the one object a sink stores per record: {@code imei}, {@code receivedAt} and {@code
     * codec} from the batch, then the record's fields. A JSON Lines line and a Kafka record value
     * hold exactly this.
     */
    public static void writeTelemetryObject(JsonGenerator json, TelemetryBatch batch, AvlRecord r) throws IOException {
        json.writeStartObject();
        json.writeStringField("imei", batch.imei());
        json.writeNumberField("receivedAt", batch.receivedAt());
        json.writeStringField("codec", batch.codec().label());
        writeFields(json, r);
        json.writeEndObject();
    }

    /** Writes the record's fields into the object the generator is inside of. */
    public static void writeFields(JsonGenerator json, AvlRecord r) throws IOException {
        json.writeNumberField("timestamp", r.timestamp());
        json.writeNumberField("priority", r.priority());
        // Exact decimal degrees: raw / 1e7 as a double would print 25.261883199999998.
        json.writeNumberField("longitude", BigDecimal.valueOf(r.longitude(), 7).stripTrailingZeros());
        json.writeNumberField("latitude", BigDecimal.valueOf(r.latitude(), 7).stripTrailingZeros());
        json.writeNumberField("altitude", r.altitude());
        json.writeNumberField("angle", r.angle());
        json.writeNumberField("satellites", r.satellites());
        json.writeNumberField("speed", r.speed());
        json.writeNumberField("eventId", r.eventId());
        if (r.hasGenerationType()) {
            json.writeNumberField("generationType", r.generationType());
        } else {
            json.writeNullField("generationType");
        }
        json.writeObjectFieldStart("io");
        IoElements io = r.io();
        for (int i = 0; i < io.fixedCount(); i++) {
            json.writeFieldName(Integer.toString(io.id(i)));
            if (io.width(i) == LONG_IO_WIDTH) {
                // Always a string, whatever the value: readers that parse numbers as doubles (JavaScript,
                // Directus) would round 8937000000000000004 to 8937000000000000000, and a field whose
                // JSON type changed with its value would break typed consumers.
                json.writeString(Long.toUnsignedString(io.value(i)));
            } else {
                json.writeNumber(io.value(i));
            }
        }
        for (int i = 0; i < io.variableCount(); i++) {
            json.writeStringField(Integer.toString(io.variableId(i)), HEX.formatHex(io.variableValue(i)));
        }
        json.writeEndObject();
    }
}
