package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventHandoffTest {

    @Test
    void offer_whenFull_thenRefusesUntilTheConsumerTakesOne() {
        EventHandoff<Integer> handoff = new EventHandoff<>(3, System::nanoTime, wait -> { });

        assertThat(handoff.offer(1)).isTrue();
        assertThat(handoff.offer(2)).isTrue();
        assertThat(handoff.offer(3)).isTrue();
        assertThat(handoff.offer(4)).isFalse();
        assertThat(handoff.poll()).isEqualTo(1);
        assertThat(handoff.offer(5)).isTrue();

        assertThat(List.of(handoff.poll(), handoff.poll(), handoff.poll())).containsExactly(2, 3, 5);
        assertThat(handoff.poll()).isNull();
        assertThat(handoff.isEmpty()).isTrue();
    }

    @Test
    void discardAll_thenCountsWhatWasQueuedAndFreesTheRoom() {
        EventHandoff<Integer> handoff = new EventHandoff<>(4, System::nanoTime, wait -> { });
        for (int i = 0; i < 4; i++) {
            handoff.offer(i);
        }

        assertThat(handoff.discardAll()).isEqualTo(4);
        assertThat(handoff.size()).isZero();
        assertThat(handoff.offer(9)).isTrue();
    }

    @Test
    void offer_fromManyThreads_thenNeverHoldsMoreThanTheCapacity() throws InterruptedException {
        EventHandoff<Integer> handoff = new EventHandoff<>(1000, System::nanoTime, wait -> { });
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (handoff.offer(i)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join();
        }

        assertThat(accepted.get()).isEqualTo(1000);
        assertThat(handoff.discardAll()).isEqualTo(1000);
    }

    @Test
    void poll_thenReportsHowLongTheItemWaitedAndDiscardReportsNothing() {
        AtomicLong now = new AtomicLong(1_000);
        List<Long> waits = new ArrayList<>();
        EventHandoff<Integer> handoff = new EventHandoff<>(4, now::get, waits::add);
        handoff.offer(1);
        now.addAndGet(250);
        handoff.offer(2);
        handoff.offer(3);
        now.addAndGet(1_000);

        handoff.poll();
        handoff.poll();
        handoff.discardAll();

        assertThat(waits).containsExactly(1_250L, 1_000L);
    }
}
