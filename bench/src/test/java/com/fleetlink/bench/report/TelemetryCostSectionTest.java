package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's registry-share rows, read against the bare writer thread measured in the same run. */
class TelemetryCostSectionTest {
    private static final TelemetryCostSection SECTION = new TelemetryCostSection();
    private static final String RESULT = """
            {"settings":{"churn":100},
             "attachedVsAlone":{"cpuRatio":1.0,"recordsRatio":1.0,"attachedCpuPerMrecSpread":0.1,"aloneCpuPerMrecSpread":0.1,
               "pairedCpuRatioMedian":1.0,"pairedCpuRatioSpread":0.1,"attachedRegistryThreadsShareMedian":0.031,
               "attachedRegistryThreadsMicrosPerHandshakeMedian":60.0},
             "redisRunningVsStopped":{"cpuRatio":1.0,"recordsRatio":1.0},
             "writerFloor":{"linesPerSecond":286.0,"ingestionCpuSecondsPerSecond":0.25,"registryThreadsMicrosPerLine":30.0,
               "bareWriterMicrosPerLine":21.0,"registryThreadsToBareWriter":1.43,"bareWriterShare":0.0275,
               "hopWriterMicrosPerLine":{"median":24.0,"min":21.0,"max":33.0,"legs":[33.0,24.0,21.0]},
               "hopProducerMicrosPerLine":{"median":8.5,"min":5.5,"max":9.9,"legs":[8.5,9.9,5.5]},
               "directProducerMicrosPerLine":{"median":8.8,"min":7.9,"max":34.4,"legs":[34.4,7.9,8.8]}}}""";

    private static Row row(int figure) throws Exception {
        return SectionRows.row(SECTION, figure, RESULT);
    }

    @Test
    void share_isJudgedOnTheRegistryThreads_withTheBareWritersShareOfTheSameRunBeside() throws Exception {
        Row share = row(2);

        assertThat(share.value()).isEqualTo("3.1 %");
        assertThat(share.ratio()).contains("60.0 µs", "a bare writer thread takes at least 2.8 % by itself at this rate");
        assertThat(share.verdict()).startsWith("fail");
    }

    @Test
    void perLine_isTheRegistryThreadsOverTheBareWriter_withEachLegsRange() throws Exception {
        Row perLine = row(3);

        assertThat(perLine.value()).isEqualTo("1.43 (30.0 vs 21.0 µs a line at 286.0 lines/s)");
        assertThat(perLine.ratio()).isEqualTo("bare writer median 24.0 µs (21.0 µs–33.0 µs over 3 legs); "
                + "the producer's hand-off median 8.5 µs (5.5 µs–9.9 µs over 3 legs); "
                + "writing on the producer instead median 8.8 µs (7.9 µs–34.4 µs over 3 legs)");
        assertThat(perLine.verdict()).isEqualTo("n/a");
    }
}
