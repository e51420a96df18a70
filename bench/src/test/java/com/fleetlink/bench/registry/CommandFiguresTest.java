package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.bench.registry.CommandLedger.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands benchmark's figures from outcomes written by hand. */
class CommandFiguresTest {
    @Test
    void latencies_whenSomeWereNeverWritten_thenEachLatencyCountsOnlyTheCommandsThatGotThere() {
        List<Outcome> outcomes = List.of(
                new Outcome("responded", 1_000, 1_004, 1_020),
                new Outcome("responded", 2_000, 2_010, 2_050),
                new Outcome("unknown", 3_000, 3_002, 33_000),
                new Outcome("expired", 4_000, -1, 9_000));

        Map<String, Object> m = CommandFigures.latencies(outcomes);

        assertThat(m).containsEntry("commands", 4).containsEntry("written", 3).containsEntry("writtenP50Ms", 4L)
                .containsEntry("writtenMaxMs", 10L).containsEntry("responded", 2).containsEntry("respondedP50Ms", 20L)
                .containsEntry("respondedMaxMs", 50L)
                .containsEntry("statuses", Map.of("expired", 1L, "responded", 2L, "unknown", 1L));
    }

    @Test
    void drainPerSecond_leavesOutTheFirstAndLastTenthOfTheResponses() {
        List<Outcome> outcomes = new ArrayList<>();
        // 101 responses: a slow start, 81 of them 10 ms apart (the steady drain, 100/s), a slow tail.
        long t = 0;
        for (int i = 0; i <= 100; i++) {
            t += i <= 10 || i > 90 ? 1_000 : 10;
            outcomes.add(new Outcome("responded", 0, 0, t));
        }
        outcomes.add(new Outcome("expired", 0, -1, 1));

        assertThat(CommandFigures.drainPerSecond(outcomes)).isEqualTo(100.0);
    }

    @Test
    void drainPerSecond_whenTooFewResponded_thenNaN() {
        assertThat(CommandFigures.drainPerSecond(List.of(new Outcome("responded", 0, 1, 2)))).isNaN();
    }
}
