package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The commands benchmark's per-leg ratios from leg rates written by hand. */
class CommandLegRatiosTest {
    @Test
    void bracketed_whenTheMachineSlowsDownSteadily_thenEachLegWithCommandsIsJudgedAgainstItsOwnNeighbours() {
        // Without legs falling 10 % a leg; the legs with commands cost exactly 2 % of their moment's rate.
        double[] without = {200_000, 180_000, 160_000, 140_000};
        double[] with = {0.98 * 190_000, 0.98 * 170_000, 0.98 * 150_000};

        assertThat(CommandLegRatios.bracketed(without, with)).containsExactly(0.98, 0.98, 0.98);
    }

    @Test
    void bracketed_dividesEachLegWithCommandsByTheLegsBeforeAndAfterIt_notByAnyOther() {
        double[] without = {100_000, 300_000, 50_000};
        double[] with = {100_000, 70_000};

        assertThat(CommandLegRatios.bracketed(without, with)).containsExactly(0.5, 0.4);
    }

    @Test
    void bracketed_whenALegWithCommandsHasOnlyOneNeighbour_thenItIsRefused() {
        assertThatThrownBy(() -> CommandLegRatios.bracketed(new double[] {1, 2}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 without, 2 with");
    }
}
