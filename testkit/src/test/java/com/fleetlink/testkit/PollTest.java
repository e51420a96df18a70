package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
    @Test
    void until_whenTheConditionHoldsAfterSomePolls_returnsOnThePollThatSawIt() {
        AtomicInteger polls = new AtomicInteger();

        Poll.until(Duration.ofSeconds(30), "the third poll", () -> polls.incrementAndGet() == 3);

        assertThat(polls).hasValue(3);
    }

    @Test
    void until_whenTheDeadlinePasses_failsNamingWhatItWaitedFor() {
        assertThatThrownBy(() -> Poll.until(Duration.ofMillis(50), "the impossible", () -> false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the impossible");
    }

    @Test
    void untilOrTimeout_whenTheThreadIsInterrupted_failsAtOnceInsteadOfSpinningToTheDeadline() {
        Duration timeout = Duration.ofSeconds(30);
        long started = System.nanoTime();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Poll.untilOrTimeout(timeout, Poll.DEFAULT_INTERVAL, () -> false))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(timeout.dividedBy(2));
    }
}
