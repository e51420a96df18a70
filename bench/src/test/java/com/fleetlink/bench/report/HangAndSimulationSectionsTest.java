package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The report's rows for the Redis-hang benchmark and the core simulation, from results written by hand. */
class HangAndSimulationSectionsTest {

    private static Row row(Section section, int figure, String result) throws Exception {
        return SectionRows.row(section, figure, result);
    }

    private static String hang(boolean converged, long after) {
        return String.format(Locale.ROOT, """
                {"devices":20000,"hangSeconds":60.0,
                 "baseline":{"converged":true,"windowEndToWholeSeconds":0.2,"scriptCalls":44},
                 "hang":{"converged":%s,"windowEndToWholeSeconds":1.5,"scriptCalls":%d},
                 "scriptCallsBaseline":44,"scriptCallsAfterHang":%d,"scriptCallsRatio":%.2f,"scriptCallsBound":67.2}""",
                converged, after, after, after / 44.0);
    }

    @Test
    void redisHang_whenTheHangCostsMoreThanTheBound_thenTheRowFailsAndShowsBothCounts() throws Exception {
        Row row = row(new RedisHangSection(), 0, hang(true, 270));

        assertThat(row.value()).isEqualTo("270 calls after a 60 s hang, N = 20,000; bound 67");
        assertThat(row.ratio()).isEqualTo("4.02 × target; 6.14 × the 44 calls without the hang");
        assertThat(row.verdict()).isEqualTo("fail: 4.02 × the bound");
    }

    @Test
    void redisHang_whenWithinTheBound_thenTheRowPasses() throws Exception {
        assertThat(row(new RedisHangSection(), 0, hang(true, 60)).verdict()).isEqualTo("pass");
    }

    @Test
    void redisHang_whenALegDidNotConverge_thenTheRowSaysSoInsteadOfAVerdict() throws Exception {
        assertThat(row(new RedisHangSection(), 0, hang(false, 60)).verdict())
                .isEqualTo("error: a leg's registry was not whole within the benchmark's timeout; see the section");
    }

    @Test
    void coreSimulation_givesSeedsPerMinuteAndSimulatedEventsPerSecond() throws Exception {
        String result = "{\"seeds\":2000,\"failures\":0,\"events\":3000000,\"seconds\":40.0}";

        assertThat(row(new CoreSimulationSection(), 0, result).value()).isEqualTo("3,000 (2,000 seeds, 0 failures, 40.000 s)");
        assertThat(row(new CoreSimulationSection(), 1, result).value()).isEqualTo("75,000 (3,000,000 events)");
    }
}
