package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.core.DeathWatch.Verdict;
import com.fleetlink.registry.store.HeartbeatLook;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 9 item 7: the one definition of dead (design §8). */
class DeathWatchTest {
    private final DeathWatch watch = new DeathWatch(Duration.ofSeconds(60), Duration.ofSeconds(90));

    private static HeartbeatLook absentAt(long millis) {
        return new HeartbeatLook(false, millis);
    }

    @Test
    void absentOnTwoLooksAConfirmPeriodApart_isDead() {
        assertThat(watch.record("pod-b", absentAt(0))).isEqualTo(Verdict.ABSENT);
        assertThat(watch.record("pod-b", absentAt(30_000))).isEqualTo(Verdict.ABSENT);
        assertThat(watch.record("pod-b", absentAt(60_000))).isEqualTo(Verdict.DEAD);
    }

    @Test
    void aPresentLookInBetween_startsOver() {
        watch.record("pod-b", absentAt(0));
        assertThat(watch.record("pod-b", new HeartbeatLook(true, 30_000))).isEqualTo(Verdict.ALIVE);
        assertThat(watch.record("pod-b", absentAt(60_000))).isEqualTo(Verdict.ABSENT);
    }

    @Test
    void everyHeartbeatLookingExpiredAtOnce_afterAPause_confirmsNothing() {
        // A paused Redis: one look before, the next long after, with every key expired meanwhile.
        assertThat(watch.record("pod-b", absentAt(0))).isEqualTo(Verdict.ABSENT);
        assertThat(watch.record("pod-b", absentAt(200_000))).as("looks further apart than the TTL prove nothing")
                .isEqualTo(Verdict.ABSENT);
    }

    @Test
    void aLookWhoseTimeWentBackwards_discardsTheHistory() {
        watch.record("pod-b", absentAt(100_000));
        assertThat(watch.record("pod-b", absentAt(40_000))).isEqualTo(Verdict.ABSENT);
        assertThat(watch.record("pod-b", absentAt(100_000))).isEqualTo(Verdict.DEAD);
    }
}
