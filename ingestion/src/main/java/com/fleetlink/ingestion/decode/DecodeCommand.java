package com.fleetlink.ingestion.decode;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fleetlink.ingestion.telemetry.TelemetryJsonEncoder;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import com.fleetlink.protocol.cli.ExitCodes;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ingestion decode}: reads hex frames (one per line, from stdin or {@code --hex}) and prints
 * one JSON object per frame. A frame that fails prints {@code {"error": reason}} and makes the exit
 * code 1 once all frames are done.
 */
@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Decode Teltonika TCP frames given as hex, one per line on stdin, into JSON, one object per line.")
public final class DecodeCommand implements Callable<Integer> {

    @Option(names = "--hex", paramLabel = "HEX",
            description = "A frame to decode instead of reading stdin; repeatable.")
    List<String> frames;

    private final JsonFactory jsonFactory = JsonFactory.builder().build();
    private final TelemetryJsonEncoder records = new TelemetryJsonEncoder();

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        boolean failed = false;
        if (frames != null) {
            for (String frame : frames) {
                failed |= !decodeLine(frame, out);
            }
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    failed |= !decodeLine(line, out);
                }
            }
        }
        out.flush();
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** Decodes one hex line and prints its JSON line; returns whether it decoded. */
    boolean decodeLine(String line, OutputStream out) throws IOException {
        String hex = line.replaceAll("\\s+", "");
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            writeError(out, "not hex: " + e.getMessage());
            return false;
        }
        DecodeResult result = TeltonikaPacketParser.parse(Unpooled.wrappedBuffer(bytes));
        if (result instanceof DecodeResult.AvlPacket packet) {
            writePacket(out, packet);
            return true;
        }
        try (JsonGenerator json = jsonFactory.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            boolean ok = true;
            if (result instanceof DecodeResult.CommandMessage command) {
                json.writeStringField("codec", command.codec().label());
                json.writeNumberField("type", command.type());
                if (command.timestamp() != DecodeResult.CommandMessage.NO_TIMESTAMP) {
                    json.writeNumberField("timestamp", command.timestamp());
                }
                if (command.imei() != null) {
                    json.writeStringField("imei", command.imei());
                }
                json.writeStringField("text", command.text());
            } else if (result instanceof DecodeResult.Rejected rejected) {
                json.writeStringField("error", rejected.reason().label() + ": " + rejected.detail());
                ok = false;
            }
            json.writeEndObject();
            json.writeRaw('\n');
            return ok;
        }
    }

    /** {@code {"codec":…,"records":[…]}} with each record's object as the sinks write its fields. */
    private void writePacket(OutputStream out, DecodeResult.AvlPacket packet) throws IOException {
        records.reset();
        records.appendRaw("{\"codec\":\"" + packet.codec().label() + "\",\"records\":[");
        for (int i = 0; i < packet.records().size(); i++) {
            if (i > 0) {
                records.append(',');
            }
            records.appendRecordObject(packet.records().get(i));
        }
        records.appendRaw("]}\n");
        records.writeTo(out);
    }

    private void writeError(OutputStream out, String reason) throws IOException {
        try (JsonGenerator json = jsonFactory.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("error", reason);
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }
}
