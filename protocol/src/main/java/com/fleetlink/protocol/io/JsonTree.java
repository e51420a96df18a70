package com.fleetlink.protocol.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value into plain Java values with the streaming parser alone: an object becomes a
 * {@code Map<String, Object>} in the line's order (a repeated name keeps its last value), an array a
 * {@code List<Object>}, a string a {@code String}, an integer a {@code Long} (a {@code BigInteger}
 * beyond a long), any other number a {@code Double}, {@code true}/{@code false} a {@code Boolean}
 * and {@code null} Java's {@code null}: the values jackson-databind's {@code readTree} gave the same
 * lines, which {@code JsonTreeTest} holds this to.
 *
 * <p>Why not databind: the daemons' lines are read with it nowhere else, and loading its ~470
 * classes costs each daemon a few MiB of metaspace it would keep for its whole life.
 */
public final class JsonTree {
    private JsonTree() {
    }

    /**
     * The first value {@code parser} meets, or {@code null} for JSON {@code null} and for input that
     * holds no value at all. Anything after that value is not read.
     *
     * @throws IOException the parser's own exception when the value is not well-formed JSON
     */
    public static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : value(parser, token);
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            // The parser hands a value's first token only; the rest are its own errors or end tokens.
            default -> throw new IllegalStateException("a value cannot start with " + token);
        };
    }

    private static Object integer(JsonParser parser) throws IOException {
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? (Object) parser.getBigIntegerValue()
                : (Object) parser.getLongValue();
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            fields.put(name, value(parser, parser.nextToken()));
        }
        return fields;
    }

    private static List<Object> array(JsonParser parser) throws IOException {
        List<Object> elements = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            elements.add(value(parser, token));
        }
        return elements;
    }

    /** Whether {@code value} is a JSON number with no fraction that fits a long: {@code 5} and {@code 5.0}, not {@code 5.5}. */
    public static boolean isExactLong(Object value) {
        if (value instanceof Long) {
            return true;
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && d >= Long.MIN_VALUE && d <= Long.MAX_VALUE;
        }
        return false;
    }

    /** {@code value} as a long, for a value {@link #isExactLong} accepts. */
    public static long asLong(Object value) {
        return ((Number) value).longValue();
    }
}
