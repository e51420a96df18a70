package com.fleetlink.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ingestions wrote: the JSON-lines telemetry files of both instances (each appended to by
 * every life of its ingestion). A line cut short by a SIGKILL is counted, not fatal: its records
 * were never acknowledged, and the next life's first line follows it on the same line.
 */
final class SinkFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD_START = "{\"imei\"";

    private final Map<String, BitSet> written = new HashMap<>();
    private long lines;
    private long duplicates;
    private long torn;
    private long foreign;

    private SinkFiles() {
    }

    /** Reads every file; {@code timestamps} gives each fleet IMEI's timestamp of record 0. */
    static SinkFiles read(List<Path> files, Map<String, Long> timestamps) {
        SinkFiles sinks = new SinkFiles();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    sinks.line(line, timestamps);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return sinks;
    }

    private void line(String line, Map<String, Long> timestamps) {
        int start = line.lastIndexOf(RECORD_START);
        if (start > 0) {
            torn++;
            line = line.substring(start);
        }
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (IOException e) {
            torn++;
            return;
        }
        lines++;
        String imei = record.path("imei").asText();
        Long base = timestamps.get(imei);
        if (base == null) {
            foreign++;
            return;
        }
        int seq = (int) (record.path("timestamp").asLong() - base);
        BitSet seen = written.computeIfAbsent(imei, k -> new BitSet());
        if (seen.get(seq)) {
            duplicates++;
        }
        seen.set(seq);
    }

    /** Acknowledged records found in no file: the figure that must be 0. */
    long missing(Map<String, BitSet> acked) {
        long missing = 0;
        for (Map.Entry<String, BitSet> e : acked.entrySet()) {
            BitSet notWritten = (BitSet) e.getValue().clone();
            notWritten.andNot(written.getOrDefault(e.getKey(), new BitSet()));
            missing += notWritten.cardinality();
        }
        return missing;
    }

    long distinctWritten() {
        return written.values().stream().mapToLong(BitSet::cardinality).sum();
    }

    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("linesWritten", lines);
        out.put("distinctRecordsWritten", distinctWritten());
        out.put("duplicateLines", duplicates);
        out.put("tornLines", torn);
        out.put("foreignLines", foreign);
        return out;
    }
}
