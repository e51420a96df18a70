package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The report's rows for the janitor benchmark, from results written by hand, and running its section alone. */
class JanitorSectionTest {
    private static final JanitorSection SECTION = new JanitorSection();

    private static Row row(int figure, String result) throws Exception {
        return SectionRows.row(SECTION, figure, result);
    }

    private static String result(boolean limitedFinished, double limitedRate) {
        return String.format(Locale.ROOT, """
                {"hsetPerSecond":500000.0,
                 "cleanupLimited":{"maxDeletes":5000,"fields":100000,"finished":%s,"timeoutSeconds":120,"deleted":100000,
                   "sweepSeconds":22.5,"sweepRedisCpuSeconds":0.9,"sweepRedisCpuPercent":4.0,"deletePhaseSeconds":19.9,
                   "deletesPerSecond":%.1f,"deletePhaseRedisCpuSeconds":0.7,"deletePhaseRedisCpuPercent":3.52,
                   "sweepStartToAllGoneSeconds":22.4},
                 "cleanupUnlimited":{"maxDeletes":0,"fields":100000,"finished":true,"deleted":100000,"sweepSeconds":10.0,
                   "sweepRedisCpuSeconds":0.8,"sweepRedisCpuPercent":8.0,"deletePhaseSeconds":8.0,"deletesPerSecond":12500.0,
                   "deletePhaseRedisCpuSeconds":0.6,"deletePhaseRedisCpuPercent":7.5,"sweepStartToAllGoneSeconds":9.9},
                 "sweep":{"fields":1000000,"plainHscanMedianSeconds":2.0,"plainHscanMedianRedisCpuSeconds":0.5,"finished":true,
                   "sweeps":[{"seconds":29.0},{"seconds":30.0},{"seconds":31.0}],"sweepMedianSeconds":30.0,
                   "sweepMedianRedisCpuSeconds":0.75,"sweepRedisCpuPercent":2.5,"redisIdleCpuPercent":0.8}}""", limitedFinished, limitedRate);
    }

    @Test
    void limitedCleanup_whenTheRateStaysWithinTheLimitAndItsFirstBatch_thenTheRowPassesAndComparesWithHset() throws Exception {
        Row row = row(0, result(true, 5025.1));

        assertThat(row.value()).isEqualTo("5,025/s: 100,000 fields gone 19.900 s after the first, 22.400 s after the sweep started");
        assertThat(row.ratio()).isEqualTo("0.957 × target; 0.010 × redis-benchmark HSET (500,000/s)");
        assertThat(row.verdict()).isEqualTo("pass");
    }

    @Test
    void limitedCleanup_whenTheRatePassesTheLimit_thenTheRowFails() throws Exception {
        assertThat(row(0, result(true, 6000)).verdict()).isEqualTo("fail by 14.3 % over");
    }

    @Test
    void limitedCleanup_whenTheLegDidNotFinish_thenTheRowSaysSoInsteadOfAVerdict() throws Exception {
        assertThat(row(0, result(false, 5000)).verdict())
                .isEqualTo("error: the cleanupLimited leg did not finish within 120 s; see the section");
    }

    @Test
    void unlimitedCleanup_givesTheRateAndRedisCpuAsAShareOfTheSweep() throws Exception {
        assertThat(row(1, result(true, 5000)).ratio()).isEqualTo("0.025 × redis-benchmark HSET (500,000/s)");
        assertThat(row(3, result(true, 5000)).value())
                .isEqualTo("8.0 % of the sweep's 10.000 s (0.800 s CPU); delete phase 7.5 %");
    }

    @Test
    void sweep_givesDurationAndRedisCpuAgainstAPlainHscanPass() throws Exception {
        Row duration = row(4, result(true, 5000));
        Row cpu = row(5, result(true, 5000));

        assertThat(duration.value()).isEqualTo("30.000 s (median of 3 sweeps over 1,000,000 fields)");
        assertThat(duration.ratio()).isEqualTo("15.0 × a plain HSCAN pass (2.000 s)");
        assertThat(cpu.value()).isEqualTo("0.750 s CPU (2.5 % of the sweep's time; idle Redis 0.8 %)");
        assertThat(cpu.ratio()).isEqualTo("1.50 × a plain HSCAN pass (0.500 s CPU)");
    }

    @Test
    void only_whenTheIdNamesABenchmark_thenTheReportHoldsThatSectionAlone() {
        assertThat(ReportMain.only("janitor")).singleElement().isInstanceOf(JanitorSection.class);
    }
}
