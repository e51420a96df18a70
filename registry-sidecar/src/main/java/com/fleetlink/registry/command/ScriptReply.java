package com.fleetlink.registry.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command script's answer: one JSON object whose {@code kind} says what happened. Lua's cjson
 * writes an empty list as {@code {}}, so lists are read from either shape.
 */
final class ScriptReply {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode node;

    private ScriptReply(JsonNode node) {
        this.node = node;
    }

    static ScriptReply parse(String text) {
        try {
            return new ScriptReply(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command script answered something that is not JSON: " + text, e);
        }
    }

    /** One outbox entry: its field-value pairs in order. */
    static Map<String, String> entryFields(String entry) {
        JsonNode pairs = parse(entry).node;
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            fields.put(pairs.get(i).asText(), pairs.get(i + 1).asText());
        }
        return fields;
    }

    String kind() {
        return node.path("kind").asText();
    }

    StoredCommand command() {
        Map<String, String> fields = new LinkedHashMap<>();
        node.path("command").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
        return CommandFields.read(fields);
    }

    /** A list of ids. */
    List<String> ids(String name) {
        List<String> ids = new ArrayList<>();
        node.path(name).elements().forEachRemaining(e -> ids.add(e.asText()));
        return ids;
    }

    /** A list of {@code [id, score]} pairs. */
    List<Map.Entry<String, Long>> scored(String name) {
        List<Map.Entry<String, Long>> pairs = new ArrayList<>();
        node.path(name).elements().forEachRemaining(e -> pairs.add(Map.entry(e.get(0).asText(), e.get(1).asLong())));
        return pairs;
    }

    /** One {@code [id, score]} pair, or {@code null} when absent. */
    Map.Entry<String, Long> pair(String name) {
        JsonNode pair = node.get(name);
        return pair == null || pair.size() < 2 ? null : Map.entry(pair.get(0).asText(), pair.get(1).asLong());
    }
}
