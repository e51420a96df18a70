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
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the ingestions stored, as the checker's ground truth for telemetry: either the JSON-lines
 * files of the instances (each appended to by every life of its ingestion) or the records of the
 * Kafka topic they all wrote to. Both are matched the same way, by IMEI and the record's timestamp.
 * A file line cut short by a SIGKILL is counted, not fatal: its records were never acknowledged,
 * and the next life's first line follows it on the same line.
 */
final class SinkRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD_START = "{\"imei\"";

    private final Map<String, Long> timestamps;
    private final Map<String, BitSet> written = new HashMap<>();
    private final String sink;
    private long lines;
    private long duplicates;
    private long torn;
    private long foreign;

    private SinkRecords(String sink, Map<String, Long> timestamps) {
        this.sink = sink;
        this.timestamps = timestamps;
    }

    /** Reads every file; {@code timestamps} gives each fleet IMEI's timestamp of record 0. */
    static SinkRecords readFiles(List<Path> files, Map<String, Long> timestamps) {
        SinkRecords sinks = new SinkRecords("file", timestamps);
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    sinks.line(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return sinks;
    }

    /**
     * The records of a topic, keyed by IMEI, each value the JSON object a file line holds; a value
     * that is no such object is counted as torn (a producer never cuts one, so it should stay 0).
     */
    static SinkRecords readTopic(List<ConsumerRecord<String, String>> records, Map<String, Long> timestamps) {
        SinkRecords sinks = new SinkRecords("kafka", timestamps);
        for (ConsumerRecord<String, String> r : records) {
            JsonNode record = sinks.parse(r.value());
            if (record != null) {
                sinks.record(r.key(), record);
            }
        }
        return sinks;
    }

    private void line(String line) {
        int start = line.lastIndexOf(RECORD_START);
        if (start > 0) {
            torn++;
            line = line.substring(start);
        }
        JsonNode record = parse(line);
        if (record != null) {
            record(record.path("imei").asText(), record);
        }
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            torn++;
            return null;
        }
    }

    private void record(String imei, JsonNode record) {
        lines++;
        Long base = imei == null ? null : timestamps.get(imei);
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

    /** Acknowledged records found in no file or topic record: the figure that must be 0. */
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

    /** {@code linesWritten} counts the topic's records with the Kafka sink. */
    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sink", sink);
        out.put("linesWritten", lines);
        out.put("distinctRecordsWritten", distinctWritten());
        out.put("duplicateLines", duplicates);
        out.put("tornLines", torn);
        out.put("foreignLines", foreign);
        return out;
    }
}
