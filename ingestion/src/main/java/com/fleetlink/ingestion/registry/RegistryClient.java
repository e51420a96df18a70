package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.command.CommandRouter;
import com.fleetlink.ingestion.registry.ClientState.PendingShutdown;
import com.fleetlink.ingestion.registry.DeviceEvent.Closed;
import com.fleetlink.ingestion.registry.DeviceEvent.Registered;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionListener;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registry sidecar which devices this ingestion holds (design §3), and carries commands
 * between the sidecar and the device sockets (design §9), without ever making an event loop wait
 * for it (design §4 rule 1).
 *
 * <p>The listener methods and {@link #report} run on Netty event loops and only hand their item to
 * a bounded lock-free queue, one for device events and one for command outcomes. When a queue is
 * full or the sidecar is away the item is dropped and counted; a fresh snapshot of the held set
 * repairs lost events, the command's lease decides about a lost outcome. One writer thread owns the
 * Unix socket: it connects (retrying with backoff) and serves each {@link SidecarConnection} in turn.
 */
public final class RegistryClient implements SessionListener, CommandOutcomes, AutoCloseable {
    /** Command outcomes that may wait for the writer; more are dropped and counted. */
    public static final int OUTCOME_CAPACITY = 4096;
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);
    private static final long CLOSE_JOIN_MILLIS = 2_000;

    private final ClientState state;

    /** Read by event loops: events are only queued while a connection can carry them. */
    private volatile boolean connected;
    private volatile boolean accepting = true;
    /** The socket being connected or in use, so {@link #close()} can unblock the writer. */
    private volatile SocketChannel socket;
    private Thread writer;

    /**
     * A client that takes no commands: its {@code hello} does not list {@code cmd}.
     *
     * @param config   where the sidecar listens and how the client behaves
     * @param sessions the devices held right now, read for every snapshot (e.g. {@code SessionTable::sessions})
     * @param probe    runs a task on every worker event loop, to answer {@code ping}
     * @param registry where the {@code teltonika_registry_*} metrics are registered
     */
    public RegistryClient(RegistryClientConfig config, Supplier<List<DeviceSession>> sessions,
                          EventLoopProbe probe, PrometheusRegistry registry) {
        this(new ClientState(config, sessions, probe, new RegistryMetrics(registry), null, OUTCOME_CAPACITY));
    }

    /**
     * A client that takes commands: its {@code hello} lists {@code cmd}, and the sidecar's
     * {@code command} lines go to {@code router}.
     */
    public RegistryClient(RegistryClientConfig config, Supplier<List<DeviceSession>> sessions,
                          EventLoopProbe probe, PrometheusRegistry registry, CommandRouter router) {
        this(config, sessions, probe, registry, router, OUTCOME_CAPACITY);
    }

    /** As above, with room for {@code outcomeCapacity} waiting outcomes. */
    RegistryClient(RegistryClientConfig config, Supplier<List<DeviceSession>> sessions,
                   EventLoopProbe probe, PrometheusRegistry registry, CommandRouter router, int outcomeCapacity) {
        this(new ClientState(config, sessions, probe, new RegistryMetrics(registry),
                Objects.requireNonNull(router, "router"), outcomeCapacity));
    }

    private RegistryClient(ClientState state) {
        this.state = state;
        state.metrics.connected(false);
    }

    /** Starts the writer thread, which connects to the sidecar and keeps reconnecting until {@link #close()}. */
    public synchronized void start() {
        if (writer != null) {
            throw new IllegalStateException("registry client already started");
        }
        state.running = true;
        writer = new Thread(this::runWriter, "registry-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** The random id of this ingestion start, sent in every {@code hello}. */
    public String boot() {
        return state.boot;
    }

    /** Whether a connection to the sidecar is up right now. */
    public boolean isConnected() {
        return connected;
    }

    /** Device events dropped so far (the hand-off was full, the sidecar away, or a snapshot superseded them). */
    public long droppedEvents() {
        return state.metrics.dropped();
    }

    @Override
    public void onRegistered(DeviceSession session) {
        // The session's handshake time, so a snapshot entry's at equals the at of this register.
        handOff(new Registered(session.imei(), session.conn(), session.connectedAt()));
    }

    @Override
    public void onClosed(DeviceSession session, CloseReason reason) {
        handOff(new Closed(session.imei(), session.conn(), System.currentTimeMillis(), reason.registryReason()));
    }

    /** Runs on event loops: lock-free, never blocks, never throws. */
    private void handOff(DeviceEvent event) {
        if (!accepting) {
            return; // after shutdown the sidecar has released everything; closes are expected
        }
        if (connected) {
            if (state.events.offer(event)) {
                state.wakeup.signal();
                return;
            }
            // The table already reflects this event, so a snapshot taken from now on includes it.
            state.snapshotWanted.set(true);
            state.wakeup.signal();
        }
        // While away nothing is scheduled: every connection starts with a snapshot.
        state.metrics.dropped(1);
    }

    /**
     * Runs on event loops: lock-free, never blocks. Outcomes are written only to a sidecar whose
     * {@code welcome} listed {@code cmd}; one that finds the hand-off full or the sidecar away is
     * dropped and counted, and the command's lease decides (design §9).
     */
    @Override
    public void report(CommandOutcome outcome) {
        if (connected && state.outcomes.offer(outcome)) {
            state.wakeup.signal();
            return;
        }
        state.metrics.outcomesDropped(1);
    }

    /**
     * Graceful stop (design §4 rule 8): stops taking events, sends {@code shutdown} after the events
     * already queued, and waits up to {@code timeout} for the sidecar's {@code released}.
     *
     * @return the count the sidecar released, or empty when it did not answer in time or was not connected
     */
    public OptionalInt shutdown(Duration timeout) {
        accepting = false;
        if (!state.running || !connected) {
            log.warn("registry sidecar not connected at shutdown; it releases this instance's entries after its grace period");
            return OptionalInt.empty();
        }
        PendingShutdown pending;
        synchronized (this) {
            // A second call waits for the same released: shutdown goes out once per connection.
            pending = state.pendingShutdown;
            if (pending == null) {
                pending = new PendingShutdown(System.currentTimeMillis(), new CompletableFuture<>());
                state.pendingShutdown = pending;
            }
        }
        state.wakeup.signal();
        try {
            int count = pending.released().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            log.info("registry sidecar released {} entries", count);
            return OptionalInt.of(count);
        } catch (TimeoutException e) {
            log.warn("registry sidecar did not answer shutdown within {} ms", timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            log.warn("registry shutdown abandoned: the client was closed");
        }
        return OptionalInt.empty();
    }

    /** Stops the threads and closes the socket; events after this are ignored. */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            state.running = false;
            accepting = false;
            w = writer;
        }
        closeQuietly(socket);
        state.wakeup.signal();
        if (w != null) {
            try {
                w.join(CLOSE_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PendingShutdown pending = state.pendingShutdown;
        if (pending != null) {
            pending.released().cancel(false);
        }
    }

    private void runWriter() {
        long minBackoff = state.config.minBackoff().toNanos();
        long maxBackoff = state.config.maxBackoff().toNanos();
        long backoff = minBackoff;
        boolean reportedAway = false;
        while (state.running) {
            SocketChannel channel = connect(reportedAway);
            if (channel != null) {
                reportedAway = false;
                long started = System.nanoTime();
                serve(channel);
                // A connection that lasted resets the backoff; one the sidecar drops at once does not.
                if (System.nanoTime() - started >= maxBackoff) {
                    backoff = minBackoff;
                }
            } else {
                reportedAway = true;
            }
            if (!state.running) {
                break;
            }
            state.wakeup.await(() -> !state.running, backoff);
            backoff = Math.min(backoff * 2, maxBackoff);
        }
        log.debug("registry writer stopped");
    }

    /** Connects to the sidecar, or logs why not (once per outage at info) and returns {@code null}. */
    private SocketChannel connect(boolean reportedAway) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            socket = channel;
            if (!state.running) {
                throw new IOException("client closed");
            }
            channel.connect(UnixDomainSocketAddress.of(state.config.socket()));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            socket = null;
            if (!reportedAway && state.running) {
                log.info("registry sidecar not reachable at {} ({}); retrying with backoff", state.config.socket(), e.toString());
            } else {
                log.debug("registry sidecar still not reachable: {}", e.toString());
            }
            return null;
        }
    }

    /** Runs one connection until it fails or the client closes. */
    private void serve(SocketChannel channel) {
        // Events from here on are queued; the ones before are already in the session table, which
        // the connection's first snapshot reads after this point.
        connected = true;
        state.snapshotWanted.set(false);
        state.pongDue.set(ClientState.NO_PONG);
        discardQueued();
        state.metrics.connected(true);
        log.info("connected to the registry sidecar at {}", state.config.socket());
        try {
            new SidecarConnection(state, channel).run();
        } finally {
            connected = false;
            state.metrics.connected(false);
            closeQuietly(channel);
            socket = null;
            discardQueued();
        }
    }

    /** Whatever waited is covered by the snapshot of the next connection, or by the commands' leases. */
    private void discardQueued() {
        state.metrics.dropped(state.events.discardAll());
        state.metrics.outcomesDropped(state.outcomes.discardAll());
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort; the channel is unusable either way
            }
        }
    }
}
