package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The JSON Lines a server wrote, reduced to what the simulator's checks need. */
final class TelemetryFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> records;

    private TelemetryFile(List<JsonNode> records) {
        this.records = records;
    }

    static TelemetryFile read(Path file) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            records.add(MAPPER.readTree(line));
        }
        return new TelemetryFile(records);
    }

    /** How many records (lines) the file holds. */
    int size() {
        return records.size();
    }

    /** Every record's fields. */
    List<JsonNode> records() {
        return records;
    }

    /** The distinct IMEIs. */
    Set<String> imeis() {
        return records.stream().map(r -> r.get("imei").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The distinct codec labels. */
    Set<String> codecs() {
        return records.stream().map(r -> r.get("codec").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Asserts that no (IMEI, timestamp) pair appears twice. */
    void assertEachRecordOnce() {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode r : records) {
            seen.merge(r.get("imei").asText() + "@" + r.get("timestamp").asLong(), 1, Integer::sum);
        }
        Map<String, Integer> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(repeated).as("(imei@timestamp) written more than once").isEmpty();
    }
}
