package com.fleetlink.protocol.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTree} reads what databind's {@code readTree} read before it, value for value, and
 * fails where it failed: the daemons' line readers moved from one to the other and must not notice.
 */
class JsonTreeTest {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper DATABIND = new ObjectMapper();

    private static Object read(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = FACTORY.createParser(bytes, 0, bytes.length)) {
            return JsonTree.read(parser);
        }
    }

    @Test
    void read_whenEachKindOfValue_thenThePlainJavaValue() throws IOException {
        Object tree = read("{\"s\":\"x\\u00e9\",\"i\":5,\"l\":12345678901,\"big\":123456789012345678901234567890,"
                + "\"d\":5.0,\"e\":1e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[2],{}],\"o\":{\"k\":\"v\"}}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "xé");
        expected.put("i", 5L);
        expected.put("l", 12345678901L);
        expected.put("big", new BigInteger("123456789012345678901234567890"));
        expected.put("d", 5.0);
        expected.put("e", 1000.0);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("a", List.of(1L, List.of(2L), Map.of()));
        expected.put("o", Map.of("k", "v"));
        assertThat(tree).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) tree).keySet())).as("in the line's order").isEqualTo(new ArrayList<Object>(expected.keySet()));
    }

    @Test
    void read_whenANameRepeats_thenTheLastValueWins() throws IOException {
        assertThat(read("{\"a\":1,\"b\":2,\"a\":3}")).isEqualTo(Map.of("a", 3L, "b", 2L));
    }

    @Test
    void read_whenNoValueOrNull_thenNull() throws IOException {
        assertThat(read("")).isNull();
        assertThat(read("  ")).isNull();
        assertThat(read("null")).isNull();
    }

    @Test
    void read_whenMalformed_thenTheParsersException() {
        assertThatThrownBy(() -> read("{\"a\":")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"a\" 1}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("]")).isInstanceOf(IOException.class);
    }

    @Test
    void isExactLong_whenWholeNumbersOnly_thenTrue() {
        assertThat(JsonTree.isExactLong(5L)).isTrue();
        assertThat(JsonTree.isExactLong(5.0)).isTrue();
        assertThat(JsonTree.isExactLong(5.5)).isFalse();
        assertThat(JsonTree.isExactLong(Double.NaN)).isFalse();
        assertThat(JsonTree.isExactLong(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(JsonTree.isExactLong(1e19)).as("beyond a long").isFalse();
        assertThat(JsonTree.isExactLong(new BigInteger("123456789012345678901234567890"))).isFalse();
        assertThat(JsonTree.isExactLong("5")).isFalse();
        assertThat(JsonTree.asLong(5.0)).isEqualTo(5L);
    }

    /**
     * Seeded random lines, well-formed and then damaged one character at a time: every one reads to
     * the same values as through databind's tree, or fails in both.
     */
    @Test
    void read_whenRandomLines_thenWhatDatabindsTreeRead() throws IOException {
        Random random = new Random(20261207);
        int parsed = 0;
        int failed = 0;
        for (int i = 0; i < 5_000; i++) {
            String line = randomValue(random, 0);
            if (i % 2 == 1) {
                line = damage(random, line);
            }
            Object expected;
            try {
                expected = plain(DATABIND.readTree(line));
            } catch (IOException e) {
                final String bad = line;
                assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IOException.class);
                failed++;
                continue;
            }
            assertThat(read(line)).as(line).isEqualTo(expected);
            parsed++;
        }
        assertThat(parsed).as("lines both read").isGreaterThan(2_500);
        assertThat(failed).as("lines both refused").isGreaterThan(500);
    }

    /** databind's tree as the plain values {@link JsonTree} promises. */
    private static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), plain(e.getValue())));
            return fields;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.forEach(e -> elements.add(plain(e)));
            return elements;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        return node.asDouble();
    }

    private static final List<String> SCALARS = Arrays.asList("0", "-1", "7", "12345678901", "99999999999999999999",
            "5.0", "-0.5", "1e3", "2E-2", "true", "false", "null", "\"\"", "\"abc\"", "\"t\\\"q\"", "\"\\u00e9\"",
            "\"123456789012345\"");

    private static String randomValue(Random random, int depth) {
        int kind = depth > 3 ? 0 : random.nextInt(4);
        if (kind == 0 || kind == 1) {
            return SCALARS.get(random.nextInt(SCALARS.size()));
        }
        StringBuilder out = new StringBuilder();
        int n = random.nextInt(4);
        if (kind == 2) {
            out.append('[');
            for (int k = 0; k < n; k++) {
                out.append(k == 0 ? "" : ",").append(randomValue(random, depth + 1));
            }
            return out.append(']').toString();
        }
        out.append('{');
        for (int k = 0; k < n; k++) {
            // Few names, so repeats happen.
            out.append(k == 0 ? "" : ",").append("\"").append((char) ('a' + random.nextInt(3))).append("\":")
                    .append(randomValue(random, depth + 1));
        }
        return out.append('}').toString();
    }

    /** Deletes, inserts or replaces one character with one of JSON's own. */
    private static String damage(Random random, String line) {
        String alphabet = "{}[]\":,0.-e tn";
        int at = random.nextInt(line.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        return switch (random.nextInt(3)) {
            case 0 -> at < line.length() ? line.substring(0, at) + line.substring(at + 1) : line;
            case 1 -> line.substring(0, at) + c + line.substring(at);
            default -> at < line.length() ? line.substring(0, at) + c + line.substring(at + 1) : line + c;
        };
    }
}
