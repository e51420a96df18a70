package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.DoubleFunction;

/**
 * A figure a benchmark took in each repetition (a ratio: {@code registry.RepeatedRatio}'s JSON; a
 * plain figure: {@code registry.Spread}'s): judged on its median, shown with the range of the
 * repetitions beside it.
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

    /**
     * {@code median M µs (min–max µs over N legs)} of a figure in microseconds repeated over legs
     * ({@code registry.Spread}'s JSON, its values under {@code legs}) at {@code pointer}.
     */
    static String micros(JsonNode result, String pointer) {
        return overLegs(result, pointer, Format::micros, Format::micros);
    }

    /** As {@link #micros}, of a figure in milliseconds. */
    static String millis(JsonNode result, String pointer) {
        return overLegs(result, pointer, Format::millis, Format::millis);
    }

    /** As {@link #micros}, of a figure in records a second: {@code median M M records/s (min M–max M over N legs)}. */
    static String recordsPerSecond(JsonNode result, String pointer) {
        return overLegs(result, pointer, v -> Format.millions(v) + " records/s", Format::millions);
    }

    private static String overLegs(JsonNode result, String pointer, DoubleFunction<String> median, DoubleFunction<String> range) {
        return "median " + median.apply(Json.number(result, pointer + "/median")) + " ("
                + range.apply(Json.number(result, pointer + "/min")) + "–" + range.apply(Json.number(result, pointer + "/max"))
                + " over " + result.at(pointer + "/legs").size() + " legs)";
    }
}
