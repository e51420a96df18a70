package com.fleetlink.registry.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.janitor.Breaker.Decision;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The breaker of design §8, judged sweep by sweep on Redis' time. */
class BreakerTest {
    private static final Set<String> NAMED = Set.of("a", "b", "c", "d", "e");
    private final Breaker breaker = new Breaker(Duration.ofMinutes(10), Duration.ofSeconds(90));

    @Test
    void oneDeadOrAMinority_staysClosed() {
        assertThat(breaker.judge(NAMED, Set.of("b"), true, 0)).isEqualTo(Decision.CLOSED);
        assertThat(breaker.judge(NAMED, Set.of("b", "c"), true, 30_000)).isEqualTo(Decision.CLOSED);
    }

    @Test
    void moreThanHalf_andAtLeastTwo_trips_butOneOfTwoDoesNot() {
        assertThat(breaker.judge(NAMED, Set.of("b", "c", "d"), true, 0)).isEqualTo(Decision.TRIPPED);
        assertThat(breaker.judge(Set.of("a", "b"), Set.of("b"), true, 0)).isEqualTo(Decision.CLOSED);
        assertThat(breaker.judge(Set.of("a", "b", "c"), Set.of("b", "c"), true, 0)).isEqualTo(Decision.TRIPPED);
    }

    @Test
    void theSameMajority_forTheHold_onSweepsCloseEnough_isLetThrough() {
        Set<String> gone = Set.of("b", "c", "d");
        for (long t = 0; t < 600_000; t += 30_000) {
            assertThat(breaker.judge(NAMED, gone, true, t)).as("at %d ms", t).isEqualTo(Decision.TRIPPED);
        }
        assertThat(breaker.judge(NAMED, gone, true, 600_000)).isEqualTo(Decision.HELD_OUT);
    }

    @Test
    void aChangedMajority_aGap_anOwnHeartbeatMissing_orAFailedSweep_startTheHoldAgain() {
        Set<String> gone = Set.of("b", "c", "d");
        breaker.judge(NAMED, gone, true, 0);
        breaker.judge(NAMED, Set.of("b", "c", "e"), true, 300_000);
        assertThat(breaker.judge(NAMED, Set.of("b", "c", "e"), true, 600_000)).isEqualTo(Decision.TRIPPED);

        breaker.judge(NAMED, gone, true, 1_000_000);
        breaker.judge(NAMED, gone, true, 1_500_000);
        assertThat(breaker.heldForMillis()).as("a 500 s gap is more than the TTL: restarted").isZero();

        breaker.judge(NAMED, gone, false, 1_530_000);
        assertThat(breaker.judge(NAMED, gone, true, 2_130_000)).isEqualTo(Decision.TRIPPED);

        breaker.reset();
        assertThat(breaker.heldForMillis()).isEqualTo(-1);
    }

    @Test
    void redisTimeGoingBackwards_startsTheHoldAgain() {
        Set<String> gone = Set.of("b", "c", "d");
        breaker.judge(NAMED, gone, true, 600_000);
        breaker.judge(NAMED, gone, true, 0);
        assertThat(breaker.judge(NAMED, gone, true, 590_000)).isEqualTo(Decision.TRIPPED);
    }
}
