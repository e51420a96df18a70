package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-to-end benchmark's per-repetition ratios from leg figures written by hand. */
class RepeatedRatioTest {
    private static List<Map<String, Object>> legs(double... recordsPerSecond) {
        return Arrays.stream(recordsPerSecond).<Map<String, Object>>mapToObj(r -> Map.of("recordsPerSecond", r))
                .toList();
    }

    @Test
    void of_whenTheMachineSlowsDownBetweenRepetitions_thenEachLegIsDividedByItsOwnRepetitionsLeg() {
        // Alone legs falling by half a repetition; the attached legs cost exactly 2 % of their moment's rate.
        RepeatedRatio ratio = RepeatedRatio.of(legs(0.98 * 400_000, 0.98 * 200_000, 0.98 * 100_000),
                legs(400_000, 200_000, 100_000), "recordsPerSecond");

        assertThat(ratio.ratios()).containsExactly(0.98, 0.98, 0.98);
    }

    @Test
    void median_min_max_whenOneRepetitionIsAnOutlier_thenTheMedianIgnoresItAndTheRangeShowsIt() {
        RepeatedRatio ratio = RepeatedRatio.of(legs(95, 60, 101), legs(100, 100, 100), "recordsPerSecond");

        assertThat(ratio.median()).isEqualTo(0.95);
        assertThat(ratio.min()).isEqualTo(0.6);
        assertThat(ratio.max()).isEqualTo(1.01);
        assertThat(ratio.toJson()).containsEntry("median", 0.95).containsEntry("min", 0.6).containsEntry("max", 1.01);
    }

    @Test
    void within_whenEachLegRanItsOwnBaseline_thenEachLegIsDividedByItsOwnBaseline() {
        List<Map<String, Object>> runs = List.of(Map.of("eventsPerSecond", 30.0, "baseline", 100.0),
                Map.of("eventsPerSecond", 10.0, "baseline", 50.0), Map.of("eventsPerSecond", 40.0, "baseline", 100.0));

        RepeatedRatio ratio = RepeatedRatio.within(runs, "eventsPerSecond", "baseline");

        assertThat(ratio.ratios()).containsExactly(0.3, 0.2, 0.4);
        assertThat(ratio.median()).isEqualTo(0.3);
    }

    @Test
    void of_whenTheRepetitionsDoNotPairUp_thenItIsRefused() {
        assertThatThrownBy(() -> RepeatedRatio.of(legs(1, 2), legs(1), "recordsPerSecond"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 over 1");
    }
}
