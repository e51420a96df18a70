package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PacedDrain} when its event loop stalls mid-drain: the sockets that fell due meanwhile are
 * caught up gradually, never as one burst of reconnects for the other instances.
 */
class PacedDrainCatchUpTest {
    private static final int SOCKETS = 100;
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** A tenth of the drain: evenly paced, 10 asks fall in any such window. */
    private static final Duration WINDOW = DRAIN.dividedBy(10);
    /** Thirty sockets' worth of the even pace. */
    private static final Duration STALL = Duration.ofMillis(600);

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final ConcurrentLinkedQueue<Long> asks = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void tick_whenTheLoopStalledForThirtySocketsWorth_thenAnyTenthOfTheDrainAsksAtMostTwiceItsShare() throws Exception {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            channels.add(new EmbeddedChannel(new AskRecorder()));
        }
        PacedDrain drain = new PacedDrain(channels, DRAIN, loop, new IngestionMetrics());
        long start = System.nanoTime();
        CompletableFuture<Boolean> done = drain.start();
        // The stall is the fault under test: the loop is kept busy, as a long GC pause or a starved CPU would.
        loop.schedule(() -> LockSupport.parkNanos(STALL.toNanos()), 400, TimeUnit.MILLISECONDS);

        assertThat(done.get(DRAIN.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        List<Long> offsets = asks.stream().map(t -> t - start).sorted().toList();
        assertThat(offsets).hasSize(SOCKETS);
        assertThat(Windows.busiest(offsets, WINDOW)).as("most asks in any %d ms", WINDOW.toMillis()).isLessThanOrEqualTo(2 * SOCKETS / 10);
    }

    /** Stands in for the pipeline's ACK handler: notes when the drain asked, then closes. */
    private final class AskRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == DrainRequest.INSTANCE) {
                asks.add(System.nanoTime());
                ctx.close();
            }
        }
    }
}
