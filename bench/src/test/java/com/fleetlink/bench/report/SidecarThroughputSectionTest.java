package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's rows for the sidecar throughput benchmark, from a result written by hand. */
class SidecarThroughputSectionTest {
    private static final SidecarThroughputSection SECTION = new SidecarThroughputSection();
    private static final String RESULT = """
            {"events":200000,"allRunsCompleted":true,
             "runs":[{"eventsPerSecond":150000.0},{"eventsPerSecond":100000.0},{"eventsPerSecond":120000.0}],
             "eventsPerSecondMedian":120000.0,"redisBenchmarkHsetPerSecondMedian":1000000.0,"ratioToRedisBenchmark":0.2,
             "redisBenchmarkRatio":{"median":0.2,"min":0.1,"max":0.31,"ratios":[0.31,0.1,0.2]},"medianOverMedianRatio":0.12,
             "contractFloorEventsPerSecondMedian":700000.0,
             "contractFloorRatio":{"median":0.7,"min":0.55,"max":0.8,"ratios":[0.8,0.55,0.7]},
             "sidecarToContractFloorRatio":{"median":0.171,"min":0.143,"max":0.214,"ratios":[0.214,0.143,0.171]}}""";

    private static Row row(String result, int figure) throws Exception {
        return SectionRows.row(SECTION, figure, result);
    }

    @Test
    void ratio_isJudgedOnTheMedianOfTheRatiosWithinEachRun_andShowsTheirRangeAndTheOldMediansRatio() throws Exception {
        Row row = row(RESULT, 1);

        assertThat(row.value()).isEqualTo("median 0.200 (0.100–0.310 over 3 repetitions)");
        assertThat(row.ratio()).contains("median ÷ median 0.120");
        assertThat(row.verdict()).isEqualTo("fail by 33.3 % short");
    }

    @Test
    void eventsPerSecond_isTheMedianOfTheRuns_withRedisBenchmarksMedianBeside() throws Exception {
        Row row = row(RESULT, 0);

        assertThat(row.value()).isEqualTo("120,000 (median of 3)");
        assertThat(row.ratio()).contains("1,000,000/s (median)");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void bareWrites_areReportedAgainstRedisBenchmark_andTheSidecarAgainstThem_eachOverTheRuns() throws Exception {
        Row floor = row(RESULT, 2);
        Row sidecar = row(RESULT, 3);

        assertThat(floor.value()).isEqualTo("median 0.700 (0.550–0.800 over 3 repetitions)");
        assertThat(floor.ratio()).contains("700,000 events/s (median)");
        assertThat(floor.verdict()).isEqualTo("n/a");
        assertThat(sidecar.value()).isEqualTo("median 0.171 (0.143–0.214 over 3 repetitions)");
        assertThat(sidecar.verdict()).isEqualTo("n/a");
    }

    @Test
    void everyFigure_whenARunTimedOut_isUnavailable() throws Exception {
        String timedOut = RESULT.replace("\"allRunsCompleted\":true", "\"allRunsCompleted\":false");

        for (int figure = 0; figure < 4; figure++) {
            assertThat(row(timedOut, figure).verdict()).contains("timed out");
        }
    }
}
