package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's rows for the drain benchmark, from a result written by hand. */
class DrainSectionTest {
    private static final String RESULT = """
            {"devices":10000,"legs":[
             {"drainSeconds":0.0,"devicesMoved":10000,"survivorPeakHandshakesPerSecond":9000,"registryConvergedSeconds":3.5,
              "registryPeakFieldsToSurvivorPerSecond":8000},
             {"drainSeconds":10.0,"devicesMoved":10000,"evenRatePerSecond":1000.0,"survivorPeakHandshakesPerSecond":2500,
              "lastCloseSeconds":10.2,"registryConvergedSeconds":11.0,"registryPeakFieldsToSurvivorPerSecond":1500}],
             "pacedToUnpacedPeakRatio":0.278}""";

    private static Row row(int figure) throws Exception {
        return SectionRows.row(new DrainSection(), figure, RESULT);
    }

    @Test
    void pacedRow_whenTheBusiestSecondIsOverTwiceTheEvenRate_thenFailsAndReadsThePacedLegWhereverItStands() throws Exception {
        Row paced = row(0);

        assertThat(paced.value()).isEqualTo("2,500 handshakes/s at N = 10,000 over 10.000 s (even 1,000/s)");
        assertThat(paced.verdict()).isEqualTo("fail by 25.0 % over");
    }

    @Test
    void unpacedAndRegistryRows_readTheUnpacedLegAndBothConvergenceTimes() throws Exception {
        assertThat(row(1).value()).isEqualTo("9,000 handshakes/s");
        assertThat(row(3).value()).isEqualTo("paced 11.000 s, unpaced 3.500 s");
        assertThat(row(3).ratio()).isEqualTo("busiest second 1,500 fields paced, 8,000 unpaced");
    }
}
