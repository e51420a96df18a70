package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop inbox: one loop task per burst of posts, every post run once and in order. */
class EventLoopInboxTest {
    private final ExecutorService loopThread = Executors.newSingleThreadExecutor();
    private final AtomicInteger loopTasks = new AtomicInteger();
    private final EventLoopInbox inbox = new EventLoopInbox(task -> {
        loopTasks.incrementAndGet();
        loopThread.execute(task);
    });

    @AfterEach
    void stopLoop() {
        loopThread.shutdownNow();
    }

    @Test
    void post_whenABurstArrivesWhileTheLoopIsBusy_thenOneLoopTaskRunsItAllInOrder() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        loopThread.execute(() -> awaitQuietly(busy));
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            inbox.post(() -> ran.add(n));
        }
        busy.countDown();

        Poll.until(Duration.ofSeconds(5), "the burst to run", () -> ranOnLoop(ran) == 100);
        assertThat(loopTasks).hasValue(1);
        assertThat(ran).isSortedAccordingTo(Integer::compare);
    }

    @Test
    void post_whenEachPostLandsAsTheDrainRunsOut_thenNoneIsLeftBehind() {
        AtomicInteger ran = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Each post follows the previous one's run at once, so it lands while the drain looks for more.
        for (int i = 1; i <= 20_000; i++) {
            inbox.post(ran::incrementAndGet);
            while (ran.get() < i) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("post " + i + " never ran: it was left in the inbox with no drain scheduled");
                }
                Thread.onSpinWait();
            }
        }
    }

    private int ranOnLoop(List<Integer> ran) {
        try {
            return loopThread.submit(ran::size).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
