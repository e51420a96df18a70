package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.registry.DeviceEvent.Closed;
import com.fleetlink.ingestion.registry.DeviceEvent.Registered;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionListener;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registry sidecar which devices this ingestion holds (design §3), without ever making
 * an event loop wait for it (design §4 rule 1).
 *
 * <p>The listener methods run on Netty event loops and only hand the event to a bounded lock-free
 * queue. When the queue is full or the sidecar is away the event is dropped and counted; a fresh
 * snapshot of the held set repairs whatever was lost. One writer thread owns the Unix socket:
 * it connects (retrying with backoff), sends {@code hello} and the snapshot, then the events in
 * order, numbering them as it writes. A reader thread per connection answers {@code ping} through
 * the {@link EventLoopProbe}, schedules a snapshot on {@code resync} and completes
 * {@link #shutdown} on {@code released}.
 */
public final class RegistryClient implements SessionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);
    private static final long NO_PONG = -1;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    /** Upper bound of one idle park; every wake-up is signalled, so this is only a safety net. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSE_JOIN_MILLIS = 2_000;

    private final RegistryClientConfig config;
    private final Supplier<List<DeviceSession>> sessions;
    private final EventLoopProbe probe;
    private final RegistryMetrics metrics;
    private final String boot = UUID.randomUUID().toString();
    private final long pid = ProcessHandle.current().pid();
    private final EventHandoff<DeviceEvent> handoff;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicBoolean snapshotWanted = new AtomicBoolean();
    private final AtomicLong pongDue = new AtomicLong(NO_PONG);

    /** Read by event loops: events are only queued while a connection can carry them. */
    private volatile boolean connected;
    private volatile boolean accepting = true;
    private volatile boolean running;
    private volatile PendingShutdown pendingShutdown;
    /** The socket being connected or in use, so {@link #close()} can unblock the writer. */
    private volatile SocketChannel socket;
    private Thread writer;

    // Owned by the writer thread.
    private long seq;
    private long snapshotIds;

    /**
     * @param config   where the sidecar listens and how the client behaves
     * @param sessions the devices held right now, read for every snapshot (e.g. {@code SessionTable::sessions})
     * @param probe    runs a task on every worker event loop, to answer {@code ping}
     * @param registry where the {@code teltonika_registry_*} metrics are registered
     */
    public RegistryClient(RegistryClientConfig config, Supplier<List<DeviceSession>> sessions,
                          EventLoopProbe probe, PrometheusRegistry registry) {
        this.config = config;
        this.sessions = sessions;
        this.probe = probe;
        this.metrics = new RegistryMetrics(registry);
        this.handoff = new EventHandoff<>(config.queueCapacity(), System::nanoTime, metrics::queueWait);
        metrics.connected(false);
    }

    /** Starts the writer thread, which connects to the sidecar and keeps reconnecting until {@link #close()}. */
    public synchronized void start() {
        if (writer != null) {
            throw new IllegalStateException("registry client already started");
        }
        running = true;
        writer = new Thread(this::runWriter, "registry-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** The random id of this ingestion start, sent in every {@code hello}. */
    public String boot() {
        return boot;
    }

    /** Whether a connection to the sidecar is up right now. */
    public boolean isConnected() {
        return connected;
    }

    /** Device events dropped so far (the hand-off was full, the sidecar away, or a snapshot superseded them). */
    public long droppedEvents() {
        return metrics.dropped();
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
            if (handoff.offer(event)) {
                wakeup.signal();
                return;
            }
            // The table already reflects this event, so a snapshot taken from now on includes it.
            snapshotWanted.set(true);
            wakeup.signal();
        }
        // While away nothing is scheduled: every connection starts with a snapshot.
        metrics.dropped(1);
    }

    /**
     * Graceful stop (design §4 rule 8): stops taking events, sends {@code shutdown} after the events
     * already queued, and waits up to {@code timeout} for the sidecar's {@code released}.
     *
     * @return the count the sidecar released, or empty when it did not answer in time or was not connected
     */
    public OptionalInt shutdown(Duration timeout) {
        accepting = false;
        if (!running || !connected) {
            log.warn("registry sidecar not connected at shutdown; it releases this instance's entries after its grace period");
            return OptionalInt.empty();
        }
        PendingShutdown pending;
        synchronized (this) {
            // A second call waits for the same released: shutdown goes out once per connection.
            pending = pendingShutdown;
            if (pending == null) {
                pending = new PendingShutdown(System.currentTimeMillis(), new CompletableFuture<>());
                pendingShutdown = pending;
            }
        }
        wakeup.signal();
        try {
            int count = pending.released.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
            running = false;
            accepting = false;
            w = writer;
        }
        closeQuietly(socket);
        wakeup.signal();
        if (w != null) {
            try {
                w.join(CLOSE_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PendingShutdown pending = pendingShutdown;
        if (pending != null) {
            pending.released.cancel(false);
        }
    }

    private void runWriter() {
        long minBackoff = config.minBackoff().toNanos();
        long maxBackoff = config.maxBackoff().toNanos();
        long backoff = minBackoff;
        boolean reportedAway = false;
        while (running) {
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
            if (!running) {
                break;
            }
            wakeup.await(() -> !running, backoff);
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
            if (!running) {
                throw new IOException("client closed");
            }
            channel.connect(UnixDomainSocketAddress.of(config.socket()));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            socket = null;
            if (!reportedAway && running) {
                log.info("registry sidecar not reachable at {} ({}); retrying with backoff", config.socket(), e.toString());
            } else {
                log.debug("registry sidecar still not reachable: {}", e.toString());
            }
            return null;
        }
    }

    /** Runs one connection until it fails or the client closes. */
    private void serve(SocketChannel channel) {
        Connection c = new Connection(channel);
        // Events from here on are queued; the ones before are already in the session table, which
        // the snapshot below reads after this point.
        connected = true;
        snapshotWanted.set(false);
        pongDue.set(NO_PONG);
        metrics.dropped(handoff.discardAll());
        metrics.connected(true);
        log.info("connected to the registry sidecar at {}", config.socket());
        Thread reader = new Thread(new SidecarReader(channel, new ReplyHandler(c)), "registry-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            buffer(c, new Hello(LocalProtocol.VERSION, pid, boot));
            writeSnapshot(c);
            pump(c);
        } catch (IOException e) {
            if (running && !c.lost) {
                log.warn("registry sidecar connection lost while writing: {}", e.toString());
            }
        } catch (RuntimeException e) {
            // A bug here must not end the writer for good: drop the connection and start over.
            log.error("registry writer failed; reconnecting", e);
        } finally {
            c.lost = true;
            connected = false;
            metrics.connected(false);
            closeQuietly(channel);
            socket = null;
            // Whatever waited is covered by the snapshot of the next connection.
            metrics.dropped(handoff.discardAll());
        }
    }

    /** Writes queued work until the connection ends. */
    private void pump(Connection c) throws IOException {
        while (running && !c.lost) {
            if (snapshotWanted.getAndSet(false) && !c.shutdownSent) {
                // Queued events are older than the table the snapshot reads; sending them after it
                // could undo what it says, so they go.
                metrics.dropped(handoff.discardAll());
                writeSnapshot(c);
                continue;
            }
            if (pongDue.get() != NO_PONG) {
                buffer(c, new Pong(pongDue.getAndSet(NO_PONG)));
            }
            DeviceEvent event = handoff.poll();
            if (event != null) {
                if (!c.shutdownSent) {
                    buffer(c, event.toMessage(++seq));
                    metrics.sent(event.type());
                }
                continue;
            }
            flush(c);
            PendingShutdown pending = pendingShutdown;
            if (pending != null && !c.shutdownSent) {
                buffer(c, new Shutdown(pending.at, ++seq));
                // Counted before the flush, as every event is: the sidecar's answer can come back first.
                c.shutdownSent = true;
                metrics.sent(RegistryMetrics.SHUTDOWN);
                flush(c);
                log.info("shutdown sent to the registry sidecar; waiting for released");
                continue;
            }
            wakeup.await(() -> hasWork(c), IDLE_PARK_NANOS);
        }
    }

    private boolean hasWork(Connection c) {
        return !running || c.lost || snapshotWanted.get() || pongDue.get() != NO_PONG || !handoff.isEmpty()
                || (pendingShutdown != null && !c.shutdownSent);
    }

    private void writeSnapshot(Connection c) throws IOException {
        String snap = Long.toString(++snapshotIds);
        // Read once, so every chunk of one snapshot has the same shape even if a welcome arrives meanwhile.
        boolean withAt = c.sidecarCaps.contains(LocalProtocol.CAP_SNAPSHOT_AT);
        List<DeviceSession> held = sessions.get();
        for (Snapshot chunk : SnapshotChunks.of(snap, held, LocalProtocol.SNAPSHOT_CHUNK, withAt)) {
            buffer(c, chunk);
        }
        flush(c);
        metrics.snapshot();
        log.debug("snapshot {} of {} devices sent", snap, held.size());
    }

    private static void buffer(Connection c, LocalMessage message) throws IOException {
        byte[] line = LocalProtocolCodec.encode(message);
        if (line.length > c.out.remaining()) {
            flush(c);
        }
        if (line.length > c.out.capacity()) {
            writeFully(c.channel, ByteBuffer.wrap(line));
        } else {
            c.out.put(line);
        }
    }

    private static void flush(Connection c) throws IOException {
        c.out.flip();
        writeFully(c.channel, c.out);
        c.out.clear();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
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

    /** One connection to the sidecar, shared by the writer and its reader. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
        /** Set by the reader when the sidecar closed or the socket failed. */
        volatile boolean lost;
        /**
         * The capabilities of this connection's last {@code welcome}, set by the reader. Per connection:
         * a sidecar restarted as an older version must not get what the newer one could take.
         */
        volatile List<String> sidecarCaps = List.of();
        /** Writer only: {@code shutdown} went out on this connection. */
        boolean shutdownSent;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** A {@link #shutdown} call waiting for {@code released}. */
    private record PendingShutdown(long at, CompletableFuture<Integer> released) {
    }

    /** The sidecar's lines on one connection; runs on that connection's reader thread. */
    private final class ReplyHandler implements SidecarReader.Handler {
        private final Connection connection;

        ReplyHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void message(LocalMessage message) {
            if (message instanceof Ping ping) {
                long n = ping.n();
                // The pong leaves only once every event loop ran a task: a wedged loop means no pong.
                probe.probe(() -> {
                    pongDue.set(n);
                    wakeup.signal();
                });
            } else if (message instanceof Welcome welcome) {
                connection.sidecarCaps = welcome.caps();
                log.info("registry sidecar {} accepted the session (protocol v{}, caps {}, boot {})",
                        welcome.instance(), welcome.v(), welcome.caps(), boot);
                if (welcome.caps().contains(LocalProtocol.CAP_SNAPSHOT_AT)) {
                    // The first snapshot left before this welcome, without decision times; a sidecar that just
                    // restarted needs them to tell a lost handshake from a repair (design §4 rule 4).
                    snapshotWanted.set(true);
                    wakeup.signal();
                }
            } else if (message instanceof Resync) {
                log.info("registry sidecar asked for a resync; sending a snapshot");
                snapshotWanted.set(true);
                wakeup.signal();
            } else if (message instanceof Released released) {
                PendingShutdown pending = pendingShutdown;
                if (pending == null) {
                    log.warn("registry sidecar sent released ({}) without a shutdown; ignored", released.count());
                } else {
                    pending.released.complete(released.count());
                }
            } else {
                log.warn("registry sidecar sent {}, which only the ingestion sends; ignored", message.type());
            }
        }

        @Override
        public void invalid(ParsedLine.Invalid invalid) {
            metrics.invalidLine(invalid.error());
            log.warn("invalid line from the registry sidecar ({}): {}", invalid.error().label(), invalid.detail());
        }

        @Override
        public void ended(IOException cause) {
            boolean writerNoticedFirst = connection.lost;
            connection.lost = true;
            wakeup.signal();
            if (running && !writerNoticedFirst) {
                if (cause == null) {
                    log.warn("registry sidecar closed the connection; reconnecting");
                } else {
                    log.warn("registry sidecar connection failed: {}; reconnecting", cause.toString());
                }
            }
        }
    }
}
