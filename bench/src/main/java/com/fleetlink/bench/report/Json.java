package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the figures a benchmark's JSON result must hold; a missing one is {@link FigureUnavailable}. */
final class Json {
    private Json() {
    }

    /** The number at {@code pointer} (e.g. {@code /storm/lastAckToAllVisibleSeconds}). */
    static double number(JsonNode result, String pointer) {
        JsonNode node = result.at(pointer);
        if (!node.isNumber()) {
            throw new FigureUnavailable("no number at " + pointer + " in the result");
        }
        return node.asDouble();
    }

    /** The text (or number, as text) at {@code pointer}, or {@code fallback}. */
    static String text(JsonNode result, String pointer, String fallback) {
        JsonNode node = result.at(pointer);
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }

    /** The boolean at {@code pointer}; absent counts as {@code true}, so only an explicit false stops a figure. */
    static boolean flag(JsonNode result, String pointer) {
        JsonNode node = result.at(pointer);
        return node.isMissingNode() || node.asBoolean();
    }
}
