package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One benchmark in the report: its rows in the table and its own section below it. */
interface Section {
    /** The name its files carry in the results directory ({@code ID.cmd}, {@code ID.out}…). */
    String id();

    String title();

    /** Markdown: what is measured, and what the baseline of its ratios is. */
    String about();

    List<Figure> figures();

    /** Markdown lines with the raw figures, beyond the table's; none by default. */
    default List<String> details(JsonNode result) {
        return List.of();
    }

    /** The result as printed in the section, or {@code null} when {@link #details} already shows all of it. */
    default String rawJson(JsonNode result) {
        if (result instanceof ObjectNode object) {
            // The machine is in the report's header once; six copies of it would only hide the figures.
            return object.deepCopy().without("machine").toString();
        }
        return result.toString();
    }
}
