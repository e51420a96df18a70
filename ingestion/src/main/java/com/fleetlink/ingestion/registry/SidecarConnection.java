package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the sidecar: the writer thread writes {@code hello}, the snapshot, then events,
 * pongs and command outcomes as they come; a reader thread of its own takes the sidecar's lines.
 * Ends when the socket fails, the sidecar closes it or the client stops.
 */
final class SidecarConnection {
    private static final Logger log = LoggerFactory.getLogger(SidecarConnection.class);
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    /** Upper bound of one idle park; every wake-up is signalled, so this is only a safety net. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ClientState state;
    private final SocketChannel channel;
    /** Direct, so a write hands the kernel this buffer instead of a copy in a temporary direct one. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    /** Asked before every park; one instance for the connection instead of one per park. */
    private final BooleanSupplier hasWork = this::hasWork;
    /** Set by the reader when the sidecar closed or the socket failed. */
    private volatile boolean lost;
    /**
     * The capabilities of this connection's {@code welcome}, set by the reader; {@code null} until it
     * came. Per connection: a sidecar restarted as an older version must not get what the newer one could take.
     */
    private volatile List<String> sidecarCaps;
    /** Writer only: {@code shutdown} went out on this connection. */
    private boolean shutdownSent;

    SidecarConnection(ClientState state, SocketChannel channel) {
        this.state = state;
        this.channel = channel;
    }

    /** Serves the connection on the calling (writer) thread until it ends. */
    void run() {
        Thread reader = new Thread(new SidecarReader(channel, new ReplyHandler()), "registry-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> caps = state.router == null ? List.of() : List.of(LocalProtocol.CAP_COMMANDS);
            buffer(new Hello(LocalProtocol.VERSION, state.pid, state.boot, caps));
            writeSnapshot();
            pump();
        } catch (IOException e) {
            if (state.running && !lost) {
                log.warn("registry sidecar connection lost while writing: {}", e.toString());
            }
        } catch (RuntimeException e) {
            // A bug here must not end the writer for good: drop the connection and start over.
            log.error("registry writer failed; reconnecting", e);
        } finally {
            lost = true;
        }
    }

    /** Writes queued work until the connection ends. */
    private void pump() throws IOException {
        while (state.running && !lost) {
            if (!writeSome()) {
                state.wakeup.await(hasWork, IDLE_PARK_NANOS);
            }
        }
    }

    /**
     * One step of the writer: a snapshot, or one event and one outcome, or the flush of what was
     * buffered. A step of its own, called per wake-up, so the JIT compiles it: {@link #pump}'s loop
     * runs for the connection's whole life and would stay interpreted until an on-stack replacement,
     * which a few hundred events a second take minutes to trigger.
     *
     * @return {@code false} when everything is written and the writer may sleep
     */
    private boolean writeSome() throws IOException {
        if (state.snapshotWanted.getAndSet(false) && !shutdownSent) {
            // Queued events are older than the table the snapshot reads; sending them after it
            // could undo what it says, so they go.
            state.metrics.dropped(state.events.discardAll());
            writeSnapshot();
            return true;
        }
        if (state.pongDue.get() != ClientState.NO_PONG) {
            buffer(new Pong(state.pongDue.getAndSet(ClientState.NO_PONG)));
        }
        // One of each per round: a flood of either never holds the other back.
        boolean wrote = writeEvent() | writeOutcome();
        if (wrote) {
            return true;
        }
        flush();
        ClientState.PendingShutdown pending = state.pendingShutdown;
        if (pending != null && !shutdownSent) {
            buffer(new Shutdown(pending.at(), ++state.seq));
            // Counted before the flush, as every event is: the sidecar's answer can come back first.
            shutdownSent = true;
            state.metrics.sent(RegistryMetrics.SHUTDOWN);
            flush();
            log.info("shutdown sent to the registry sidecar; waiting for released");
            return true;
        }
        return false;
    }

    private boolean writeEvent() throws IOException {
        DeviceEvent event = state.events.poll();
        if (event == null) {
            return false;
        }
        if (!shutdownSent) {
            buffer(event.toMessage(++state.seq));
            state.metrics.sent(event.type());
        }
        return true;
    }

    /** Writes one outcome once the welcome has come: to a sidecar that takes them, else it is dropped. */
    private boolean writeOutcome() throws IOException {
        List<String> caps = sidecarCaps;
        if (caps == null) {
            return false;
        }
        CommandOutcome outcome = state.outcomes.poll();
        if (outcome == null) {
            return false;
        }
        if (caps.contains(LocalProtocol.CAP_COMMANDS)) {
            if (CommandLines.responseCut(outcome)) {
                CommandOutcome.Result r = (CommandOutcome.Result) outcome;
                state.metrics.responseCut();
                log.warn("imei={} command {} response of {} bytes cut to {} for the sidecar", r.imei(), r.id(),
                        r.response().length, LocalProtocol.MAX_COMMAND_BYTES);
            }
            LocalMessage line = CommandLines.toLine(outcome);
            buffer(line);
            state.metrics.outcomeSent(line.type());
        } else {
            state.metrics.outcomesDropped(1);
        }
        return true;
    }

    private boolean hasWork() {
        return !state.running || lost || state.snapshotWanted.get() || state.pongDue.get() != ClientState.NO_PONG
                || !state.events.isEmpty() || (sidecarCaps != null && !state.outcomes.isEmpty())
                || (state.pendingShutdown != null && !shutdownSent);
    }

    private void writeSnapshot() throws IOException {
        String snap = Long.toString(++state.snapshotIds);
        // Read once, so every chunk of one snapshot has the same shape even if a welcome arrives meanwhile.
        List<String> caps = sidecarCaps;
        boolean withAt = caps != null && caps.contains(LocalProtocol.CAP_SNAPSHOT_AT);
        List<DeviceSession> held = state.sessions.get();
        for (Snapshot chunk : SnapshotChunks.of(snap, held, LocalProtocol.SNAPSHOT_CHUNK, withAt)) {
            buffer(chunk);
        }
        flush();
        state.metrics.snapshot();
        log.debug("snapshot {} of {} devices sent", snap, held.size());
    }

    private void buffer(LocalMessage message) throws IOException {
        byte[] line = LocalProtocolCodec.encode(message);
        if (line.length > out.remaining()) {
            flush();
        }
        if (line.length > out.capacity()) {
            writeFully(ByteBuffer.wrap(line));
        } else {
            out.put(line);
        }
    }

    private void flush() throws IOException {
        out.flip();
        writeFully(out);
        out.clear();
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** The sidecar's lines on this connection; runs on its reader thread. */
    private final class ReplyHandler implements SidecarReader.Handler {

        @Override
        public void message(LocalMessage message) {
            if (message instanceof Ping ping) {
                long n = ping.n();
                // The pong leaves only once every event loop ran a task: a wedged loop means no pong.
                state.probe.probe(() -> {
                    state.pongDue.set(n);
                    state.wakeup.signal();
                });
            } else if (message instanceof Command command) {
                command(command);
            } else if (message instanceof Welcome welcome) {
                welcome(welcome);
            } else if (message instanceof Resync) {
                log.info("registry sidecar asked for a resync; sending a snapshot");
                state.snapshotWanted.set(true);
                state.wakeup.signal();
            } else if (message instanceof Released released) {
                ClientState.PendingShutdown pending = state.pendingShutdown;
                if (pending == null) {
                    log.warn("registry sidecar sent released ({}) without a shutdown; ignored", released.count());
                } else {
                    pending.released().complete(released.count());
                }
            } else {
                log.warn("registry sidecar sent {}, which only the ingestion sends; ignored", message.type());
            }
        }

        private void welcome(Welcome welcome) {
            sidecarCaps = welcome.caps();
            log.info("registry sidecar {} accepted the session (protocol v{}, caps {}, boot {})",
                    welcome.instance(), welcome.v(), welcome.caps(), state.boot);
            if (welcome.caps().contains(LocalProtocol.CAP_SNAPSHOT_AT)) {
                // The first snapshot left before this welcome, without decision times; a sidecar that just
                // restarted needs them to tell a lost handshake from a repair (design §4 rule 4).
                state.snapshotWanted.set(true);
            }
            // Outcomes waited for this welcome to learn whether the sidecar takes them.
            state.wakeup.signal();
        }

        /** Only a session both sides agreed on commands for carries them; anything else is a peer's mistake. */
        private void command(Command command) {
            List<String> caps = sidecarCaps;
            if (state.router == null || caps == null || !caps.contains(LocalProtocol.CAP_COMMANDS)) {
                state.metrics.commandIgnored();
                log.warn("registry sidecar sent command {} for {} on a session without commands; ignored",
                        command.id(), command.imei());
                return;
            }
            state.metrics.commandReceived();
            state.router.deliver(CommandLines.toCommand(command));
        }

        @Override
        public void invalid(ParsedLine.Invalid invalid) {
            state.metrics.invalidLine(invalid.error());
            log.warn("invalid line from the registry sidecar ({}): {}", invalid.error().label(), invalid.detail());
        }

        @Override
        public void ended(IOException cause) {
            boolean writerNoticedFirst = lost;
            lost = true;
            state.wakeup.signal();
            if (state.running && !writerNoticedFirst) {
                if (cause == null) {
                    log.warn("registry sidecar closed the connection; reconnecting");
                } else {
                    log.warn("registry sidecar connection failed: {}; reconnecting", cause.toString());
                }
            }
        }
    }
}
