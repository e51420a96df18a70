package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** One row of the table: its label, its target, and how to read it from a benchmark's result. */
record Figure(String label, Target target, Function<JsonNode, Measured> reader) {
    /** The row for {@code run}: the figure, or {@code error: <reason>} when the run or the reading failed. */
    Row evaluate(BenchmarkRun run) {
        if (run.result() == null || run.failed()) {
            return error(run.failure() == null ? "no result" : run.failure());
        }
        Measured m;
        try {
            m = reader.apply(run.result());
        } catch (FigureUnavailable e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            // A result of an unexpected shape costs this row, not the report.
            return error("unreadable result: " + e);
        }
        String ratio = target.ratio(m.value()).stream().mapToObj(r -> Format.ratio(r) + " × target").findFirst().orElse("");
        if (m.baseline() != null) {
            ratio = ratio.isEmpty() ? m.baseline() : ratio + "; " + m.baseline();
        }
        return new Row(label, m.text(), target.text(), ratio.isEmpty() ? "—" : ratio, target.verdict(m.value()));
    }

    private Row error(String reason) {
        return new Row(label, "—", target.text(), "—", "error: " + reason);
    }
}
