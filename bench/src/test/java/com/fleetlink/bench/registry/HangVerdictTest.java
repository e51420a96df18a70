package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Redis-hang targets: 1.3 × the baseline's script calls + 10, and 16 MiB of RSS growth. */
class HangVerdictTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void callsPass_whenTheHangCostsAtMostTheBound_andFailOneCallOver() {
        assertThat(new HangVerdict(40, 62, true, null).callsBound()).isEqualTo(62.0);
        assertThat(new HangVerdict(40, 62, true, null).callsPass()).isTrue();
        assertThat(new HangVerdict(40, 63, true, null).callsPass()).isFalse();
    }

    @Test
    void callsFail_whenALegDidNotConverge_whateverTheCount() {
        assertThat(new HangVerdict(40, 40, false, null).callsPass()).isFalse();
        assertThat(new HangVerdict(40, 40, false, null).pass()).isFalse();
    }

    @Test
    void rss_isJudgedAtSixteenMebibytesOnlyWhenItWasRead() {
        assertThat(new HangVerdict(40, 40, true, null).rssPass()).isNull();
        assertThat(new HangVerdict(40, 40, true, null).pass()).isTrue();
        assertThat(new HangVerdict(40, 40, true, 16 * MIB).pass()).isTrue();
        assertThat(new HangVerdict(40, 40, true, 16 * MIB + 1).rssPass()).isFalse();
        assertThat(new HangVerdict(40, 40, true, 16 * MIB + 1).pass()).isFalse();
    }

    @Test
    void report_givesTheRatioTheBoundAndTheVerdicts() {
        assertThat(new HangVerdict(44, 270, true, 3 * MIB).report())
                .containsEntry("scriptCallsRatio", 6.14).containsEntry("scriptCallsBound", 67.2)
                .containsEntry("scriptCallsPass", false).containsEntry("rssGrowthMiB", 3.0).containsEntry("rssPass", true)
                .containsEntry("pass", false);
    }
}
