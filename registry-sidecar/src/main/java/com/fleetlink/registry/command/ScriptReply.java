package com.fleetlink.registry.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fleetlink.protocol.io.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command script's answer: one JSON object whose {@code kind} says what happened. Lua's cjson
 * writes an empty list as {@code {}}, so lists are read from either shape. Read with the streaming
 * parser ({@link JsonTree}): the daemon loads no databind for it.
 */
final class ScriptReply {
    private static final JsonFactory JSON = new JsonFactory();
    private final Map<?, ?> node;

    private ScriptReply(Map<?, ?> node) {
        this.node = node;
    }

    static ScriptReply parse(String text) {
        Object tree = read(text);
        return new ScriptReply(tree instanceof Map<?, ?> map ? map : Map.of());
    }

    private static Object read(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            return JsonTree.read(parser);
        } catch (IOException e) {
            throw new IllegalStateException("a command script answered something that is not JSON: " + text, e);
        }
    }

    /** One outbox entry: its field-value pairs in order. */
    static Map<String, String> entryFields(String entry) {
        List<?> pairs = read(entry) instanceof List<?> list ? list : List.of();
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            fields.put(text(pairs.get(i)), text(pairs.get(i + 1)));
        }
        return fields;
    }

    String kind() {
        return text(node.get("kind"));
    }

    StoredCommand command() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (node.get("command") instanceof Map<?, ?> command) {
            command.forEach((name, value) -> fields.put((String) name, text(value)));
        }
        return CommandFields.read(fields);
    }

    /** A list of ids. */
    List<String> ids(String name) {
        List<String> ids = new ArrayList<>();
        for (Object id : elements(name)) {
            ids.add(text(id));
        }
        return ids;
    }

    /** A list of {@code [id, score]} pairs. */
    List<Map.Entry<String, Long>> scored(String name) {
        List<Map.Entry<String, Long>> pairs = new ArrayList<>();
        for (Object pair : elements(name)) {
            List<?> p = (List<?>) pair;
            pairs.add(Map.entry(text(p.get(0)), number(p.get(1))));
        }
        return pairs;
    }

    /** One {@code [id, score]} pair, or {@code null} when absent. */
    Map.Entry<String, Long> pair(String name) {
        return node.get(name) instanceof List<?> pair && pair.size() >= 2
                ? Map.entry(text(pair.get(0)), number(pair.get(1)))
                : null;
    }

    /** A list's elements; cjson's {@code {}} for an empty list, or no such field, gives none. */
    private List<?> elements(String name) {
        return node.get(name) instanceof List<?> list ? list : List.of();
    }

    /** A scalar as text, as the scripts mean it (cjson writes whole numbers without a fraction); nothing is "". */
    private static String text(Object value) {
        return value == null || value instanceof Map || value instanceof List ? "" : value.toString();
    }

    /**
     * A score as the scripts hand it over: a JSON number, or a hash field's text as {@code HGET} gave
     * it to Lua. A field that is gone ({@code false}) or was cleared ({@code ""}) reads 0, so it is
     * due at once rather than an error in the middle of a sweep.
     */
    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException notWhole) {
                try {
                    return (long) Double.parseDouble(text.trim());
                } catch (NumberFormatException notNumber) {
                    return 0;
                }
            }
        }
        return Boolean.TRUE.equals(value) ? 1 : 0;
    }
}
