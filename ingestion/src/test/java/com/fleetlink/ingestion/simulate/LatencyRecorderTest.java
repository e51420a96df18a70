package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void summarize_whenSamplesComeFromSeveralRecorders_thenPercentilesAreOverAllOfThem() {
        LatencyRecorder a = new LatencyRecorder(1);
        LatencyRecorder b = new LatencyRecorder(1);
        // 1..100 split unevenly and out of order across two recorders, growing past their capacity.
        for (int v = 100; v >= 1; v--) {
            (v % 3 == 0 ? a : b).record(v);
        }

        LatencyRecorder.Summary s = LatencyRecorder.summarize(List.of(a.toArray(), b.toArray()));

        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Nanos()).isEqualTo(50);
        assertThat(s.p99Nanos()).isEqualTo(99);
        assertThat(s.maxNanos()).isEqualTo(100);
    }

    @Test
    void percentile_whenFewSamples_thenNearestRank() {
        long[] sorted = {10, 20, 30};

        assertThat(LatencyRecorder.percentile(sorted, 50)).isEqualTo(20);
        assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(30);
        assertThat(LatencyRecorder.percentile(new long[0], 99)).isZero();
    }
}
