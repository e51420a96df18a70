package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandRouter;
import com.fleetlink.ingestion.session.DeviceSession;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the registry client and its connections share and what outlives one connection: the parts it
 * was built with, the work waiting for the writer, and the numbering of one ingestion start.
 */
final class ClientState {
    static final long NO_PONG = -1;

    final RegistryClientConfig config;
    final Supplier<List<DeviceSession>> sessions;
    final EventLoopProbe probe;
    final RegistryMetrics metrics;
    /** Where {@code command} lines go; {@code null} when this ingestion takes no commands. */
    final CommandRouter router;
    final String boot = UUID.randomUUID().toString();
    final long pid = ProcessHandle.current().pid();

    /** Device events from the event loops; dropped ones are repaired by a snapshot. */
    final EventHandoff<DeviceEvent> events;
    /** Command outcomes from the event loops, apart from the events so that neither pushes the other out. */
    final EventHandoff<CommandOutcome> outcomes;
    final Wakeup wakeup = new Wakeup();
    final AtomicBoolean snapshotWanted = new AtomicBoolean();
    final AtomicLong pongDue = new AtomicLong(NO_PONG);
    volatile boolean running;
    volatile PendingShutdown pendingShutdown;

    // Owned by the writer thread: numbering within one boot, across connections.
    long seq;
    long snapshotIds;

    ClientState(RegistryClientConfig config, Supplier<List<DeviceSession>> sessions, EventLoopProbe probe,
                RegistryMetrics metrics, CommandRouter router, int outcomeCapacity) {
        this.config = config;
        this.sessions = sessions;
        this.probe = probe;
        this.metrics = metrics;
        this.router = router;
        this.events = new EventHandoff<>(config.queueCapacity(), System::nanoTime, metrics::queueWait);
        // The queue-wait histogram is the registry events'; an outcome's wait is bounded by its lease.
        this.outcomes = new EventHandoff<>(outcomeCapacity, System::nanoTime, waited -> { });
    }

    /** A {@code shutdown} call waiting for {@code released}. */
    record PendingShutdown(long at, CompletableFuture<Integer> released) {
    }
}
