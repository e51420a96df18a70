package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The report's rows for the end-to-end benchmark, from a result written by hand. */
class EndToEndSectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EndToEndSection SECTION = new EndToEndSection();
    private static final String RESULT = """
            {"devices":1000,"recordsPerPacket":20,"legSeconds":15,"repeats":3,"baselineRecordsPerSecond":500000.0,
             "recordsPerSecond":300000.0,"ratioToBaseline":0.6,"firstAloneRatioToBaseline":0.55,
             "baselineRatio":{"median":0.6,"min":0.45,"max":0.62,"ratios":[0.45,0.6,0.62]},
             "registryRecordsPerSecond":297000.0,"registryRatioToAlone":0.99,
             "registryRatio":{"median":0.99,"min":0.9,"max":1.04,"ratios":[0.9,0.99,1.04]},
             "redisStoppedRecordsPerSecond":280000.0,"redisStoppedRatioToAlone":0.95,
             "redisStoppedRatio":{"median":0.95,"min":0.93,"max":0.97,"ratios":[0.95,0.93,0.97]},
             "cpuPerMrecAloneToRegistry":0.97,"cpuPerMrecRatio":{"median":0.97,"min":0.96,"max":0.99,"ratios":[0.96,0.97,0.99]},
             "serverCpuShare":0.6,"halfRatePacketsPerSecond":7500,"halfRateAckP50Ms":0.3,"halfRateAckP99Ms":12.0,
             "halfRateAckP99":{"median":12.0,"min":9.0,"max":30.0,"legs":[12.0,30.0,9.0]},
             "ackOnlyHalfRateAckP50Ms":0.1,"ackOnlyHalfRateAckP99Ms":8.0,
             "ackOnlyHalfRateAckP99":{"median":8.0,"min":4.0,"max":20.0,"legs":[8.0,20.0,4.0]},
             "halfRateAckP99RatioToAckOnly":1.5,
             "halfRateAckP99Ratio":{"median":1.5,"min":1.5,"max":2.25,"ratios":[1.5,1.5,2.25]},
             "redisStoppedHalfRateAckP99Ms":13.0,"redisStoppedAckP99RatioToAlone":1.083,"wrongAcks":0,
             "legs":[{"leg":"alone-1","ratePacketsPerSecond":0,"recordsPerSecond":300000.0,"ackP50Ms":40.0,"ackP99Ms":250.0,
                      "ackMaxMs":900.0,"serverCpuSeconds":20.0,"serverCpuSecondsPerMillionRecords":4.5,
                      "simulatorCpuSeconds":12.0,"sidecarCpuSeconds":0.0,"wrongAcks":0,"loadAverage":"3.0 2.0 1.0"}]}""";

    private static Row row(int figure) throws Exception {
        return SectionRows.row(SECTION, figure, RESULT);
    }

    @Test
    void ratioToBaseline_isJudgedOnTheMedianOfPerRepetitionRatios_andGivesTheFirstLegsAsMeasuredBefore() throws Exception {
        Row row = row(1);

        assertThat(row.value()).isEqualTo("median 0.600 (0.450–0.620 over 3 repetitions)");
        assertThat(row.ratio()).contains("500,000/s ACK-only (median); the first alone leg ÷ the first ACK-only leg 0.550");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void halfRateTail_isJudgedOnTheMedianOfPerPairRatios_andShowsTheirRangeAndTheAckOnlyP99sOwnSpread() throws Exception {
        Row row = row(3);

        assertThat(row.value()).isEqualTo("median 1.50 (1.50–2.25 over 3 repetitions)");
        assertThat(row.ratio()).contains("ACK-only p99 median 8.00 ms (4.00 ms–20.00 ms over 3 legs) (p50 0.10 ms, median)")
                .contains("alone p99 median 12.00 ms (9.00 ms–30.00 ms over 3 legs), at 7,500 packets/s");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void halfRateP99_isTheMedianOfItsLegs_withTheirRange() throws Exception {
        Row row = row(2);

        assertThat(row.value()).isEqualTo("median 12.00 ms (9.00 ms–30.00 ms over 3 legs) (p50 0.30 ms, median)");
        assertThat(row.verdict()).startsWith("fail");
    }

    @Test
    void registryRatio_showsTheMedianAndTheRangeOfTheRepetitions_andIsJudgedOnTheMedian() throws Exception {
        Row row = row(4);

        assertThat(row.value()).isEqualTo("median 0.990 (0.900–1.04 over 3 repetitions)");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void redisStoppedRatio_whenTheMedianIsBelowTheTarget_thenItFails() throws Exception {
        Row row = row(5);

        assertThat(row.value()).isEqualTo("median 0.950 (0.930–0.970 over 3 repetitions)");
        assertThat(row.verdict()).startsWith("fail");
    }

    @Test
    void details_keepTheLegTable_andListThePerRepetitionRatios() throws Exception {
        assertThat(SECTION.details(JSON.readTree(RESULT)))
                .anySatisfy(line -> assertThat(line).startsWith("| alone-1 | max | 300,000 |"))
                .anySatisfy(line -> assertThat(line).contains("alone ÷ ackOnly [0.45,0.6,0.62], registry ÷ alone [0.9,0.99,1.04]")
                        .contains("half-rate ACK p99 alone ÷ ackOnly [1.5,1.5,2.25]"));
    }
}
