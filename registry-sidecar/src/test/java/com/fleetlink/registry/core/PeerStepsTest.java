package com.fleetlink.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a peer's {@code hello} and messages act on the core: at once when they arrive on the core
 * loop, which the daemon's socket shares, so a burst of lines never waits as queued messages; queued,
 * in their order, when they come from any other thread.
 */
class PeerStepsTest {
    private static final String IMEI = "356307042441013";

    @Test
    void stepsOnTheCoreLoopActAtOnce() {
        QueueLoop loop = new QueueLoop(true);
        SidecarCore core = core(loop);
        Peer peer = new Peer();

        helloThenRegister(core, peer);

        assertTrue(core.held().contains(IMEI), "the register acted before any queued task ran");
        assertEquals("welcome", peer.sent.get(0).type(), "the hello was answered at once");
    }

    @Test
    void stepsFromAnotherThreadWaitForTheLoopInOrder() {
        QueueLoop loop = new QueueLoop(false);
        SidecarCore core = core(loop);
        Peer peer = new Peer();

        helloThenRegister(core, peer);
        assertFalse(core.held().contains(IMEI), "nothing acts off the core loop");
        assertTrue(peer.sent.isEmpty(), "nothing acts off the core loop");

        loop.runQueued();
        assertTrue(core.held().contains(IMEI), "the register acted after the hello that made its session");
    }

    /** What an ingestion says first: its {@code hello}, then one device's {@code register}. */
    private static void helloThenRegister(SidecarCore core, Peer peer) {
        core.attach(peer, new Hello(LocalProtocol.VERSION, 1, "boot-1", List.of()));
        core.received(peer, new Register(IMEI, 7, 1_000, 1));
    }

    private static SidecarCore core(CoreLoop loop) {
        return new SidecarCore(loop, SidecarOptions.defaults("ingest-a"), CommandDispatchOptions.defaults(),
                new SidecarMetrics(new PrometheusRegistry()), Journal.NONE);
    }

    /** A loop whose tasks wait until the test runs them, called on it or not as the test says; timers never fire. */
    private static final class QueueLoop implements CoreLoop {
        private final Deque<Runnable> queued = new ArrayDeque<>();
        private boolean inLoop;

        QueueLoop(boolean inLoop) {
            this.inLoop = inLoop;
        }

        void runQueued() {
            inLoop = true;
            Runnable task;
            while ((task = queued.poll()) != null) {
                task.run();
            }
        }

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            return () -> { };
        }

        @Override
        public long nanoTime() {
            return 1_000_000_000L;
        }

        @Override
        public long currentTimeMillis() {
            return 1_000;
        }

        @Override
        public boolean inLoop() {
            return inLoop;
        }
    }

    private static final class Peer implements IngestionPeer {
        final List<LocalMessage> sent = new ArrayList<>();

        @Override
        public void send(LocalMessage message) {
            sent.add(message);
        }

        @Override
        public void close(String why) {
        }
    }
}
