package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A ratio a benchmark took within each repetition ({@code registry.RepeatedRatio}'s JSON): judged on
 * its median, shown with the range of the per-repetition ratios beside it.
 */
final class RepeatedFigure {
    private RepeatedFigure() {
    }

    /** {@code median M (min–max over N repetitions)} of the ratio object at {@code pointer}. */
    static Measured of(JsonNode result, String pointer, String context) {
        double median = Json.number(result, pointer + "/median");
        String value = "median " + Format.ratio(median) + " (" + Format.ratio(Json.number(result, pointer + "/min")) + "–"
                + Format.ratio(Json.number(result, pointer + "/max")) + " over " + result.at(pointer + "/ratios").size()
                + " repetitions)";
        return new Measured(median, value, context);
    }
}
