package com.fleetlink.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A section's figure evaluated over a benchmark's JSON result, as {@code bench/report} evaluates it. */
final class SectionRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SectionRows() {
    }

    /** Figure number {@code figure} of {@code section} over {@code result}, a finished run's JSON. */
    static Row row(Section section, int figure, String result) throws IOException {
        return section.figures().get(figure).evaluate(new BenchmarkRun(section.id(), "cmd", JSON.readTree(result), null));
    }
}
