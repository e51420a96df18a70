package com.fleetlink.registry.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fleetlink.registry.eventlog.EventLogEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code replay --json}: one JSON object, streamed so a long log never sits in memory. The
 * {@code timeline} array holds the log lines as they are in the file; {@code held},
 * {@code registry} and {@code applied} follow it.
 */
final class JsonReplayOutput implements ReplayOutput {
    private final JsonGenerator json;
    private boolean started;

    JsonReplayOutput(PrintWriter out) {
        try {
            this.json = new JsonFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void timeline(EventLogEntry entry) {
        try {
            start();
            json.writeRawValue(entry.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start() throws IOException {
        if (!started) {
            started = true;
            json.writeStartObject();
            json.writeArrayFieldStart("timeline");
        }
    }

    @Override
    public void end(Summary s) {
        try {
            start();
            json.writeEndArray();
            json.writeStringField("instance", s.instance());
            json.writeStringField("until", s.until());
            json.writeArrayFieldStart("files");
            for (String f : s.files()) {
                json.writeString(f);
            }
            json.writeEndArray();
            json.writeNumberField("entriesRead", s.entriesRead());
            json.writeNumberField("entriesApplied", s.entriesApplied());
            json.writeArrayFieldStart("problems");
            for (String p : s.problems()) {
                json.writeString(p);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("held");
            for (Map.Entry<String, ReplayState.Held> e : s.held().entrySet()) {
                json.writeObjectFieldStart(e.getKey());
                json.writeNumberField("conn", e.getValue().conn());
                json.writeStringField("since", Instant.ofEpochMilli(e.getValue().since()).toString());
                json.writeEndObject();
            }
            json.writeEndObject();
            writeHash("registry", s.registry());
            if (s.applied() != null) {
                json.writeObjectFieldStart("applied");
                json.writeStringField("uri", s.applied().uri());
                json.writeNumberField("writes", s.applied().writes());
                writeHash("registry", new TreeMap<>(s.applied().hash()));
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeHash(String name, Map<String, String> hash) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : hash.entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }
}
