package com.fleetlink.registry.core;

import com.fleetlink.protocol.log.LogFields;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.command.CommandDispatcher;
import com.fleetlink.registry.command.CommandMetrics;
import com.fleetlink.registry.command.CommandStore;
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's brain: the ingestion session, the held set, the grace period and the timers, wired
 * to the one writer. Every entry point hops onto the core loop, so the state is touched by one
 * thread only; Redis is reached through the {@link RegistryStore} port only.
 *
 * <p>Lifecycle (invariant 6): heartbeating starts at once and the start counts as a disconnect, so a
 * grace period runs until a trusted ingestion says hello. While none is attached the grace timer
 * runs; when it fires, every held entry is released and the heartbeat key deleted — unless another
 * process uses our instance id ({@link InstanceClaim}): then the release waits until it is gone. A
 * session that follows one dropped for silence is on probation (rule 10) until it answers a ping.
 */
public final class SidecarCore {
    private static final Logger log = LoggerFactory.getLogger(SidecarCore.class);

    private final CoreLoop loop;
    private final SidecarOptions options;
    private final RedisClock clock;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final HeldSet held = new HeldSet();
    private final RedisLink link;
    private final RegistryWriter writer;
    private final HeartbeatTicker heartbeat;
    private final Reconciler reconciler;
    private final InstanceClaim claim;
    private final DeathWatch deaths;
    private final CommandDispatchOptions commandOptions;
    private final CommandDispatcher commands;
    private final long startedAt;

    private IngestionSession session;
    private long lastPingTickNanos;
    private CoreLoop.Timer graceTimer;
    /** The next session must prove it is alive: the last one was dropped for not answering pings. */
    private boolean probationNext;
    /** The grace period ran out while a duplicate was seen: release once it is gone. */
    private boolean releaseDeferred;
    private volatile boolean released;
    private volatile boolean attachedView;
    private Runnable onDetach;

    public SidecarCore(CoreLoop loop, SidecarOptions options, CommandDispatchOptions commandOptions, SidecarMetrics metrics,
                       Journal journal) {
        this.loop = loop;
        this.options = options;
        this.metrics = metrics;
        this.journal = journal;
        this.clock = new RedisClock(loop);
        this.startedAt = loop.currentTimeMillis();
        this.lastPingTickNanos = loop.nanoTime();
        this.link = new RedisLink(loop, journal);
        this.deaths = new DeathWatch(options.deathConfirm(), options.heartbeatTtl());
        this.writer = new RegistryWriter(loop, held, clock, link, deaths, metrics, journal);
        this.claim = new InstanceClaim(loop, link, metrics, journal, options.instanceId(), options.heartbeatInterval(),
                options.heartbeatTtl(), this::cleanupAllowed);
        this.reconciler = new Reconciler(loop, link, held, writer, metrics, options.scanPagePause(),
                () -> !claim.aloneConfirmed());
        this.heartbeat = new HeartbeatTicker(loop, link, clock, metrics, journal,
                options.heartbeatInterval(), options.heartbeatTtl(), reconciler::run);
        this.commandOptions = commandOptions;
        this.commands = new CommandDispatcher(loop, commandOptions, options.instanceId(), held, clock,
                () -> link.writable() != null, new CommandMetrics(metrics.registry()));
        writer.onLanded(commands::registered);
    }

    /** Starts heartbeating, the grace period and the periodic timers. */
    public void start() {
        loop.execute(() -> {
            journal.started(options.instanceId());
            heartbeat.activate();
            every(options.heartbeatInterval(), claim::tick);
            startGrace("start");
            loop.schedule(() -> every(options.reconcileInterval(), reconciler::run), options.reconcileInterval().toMillis());
            // Fixed delay: after a stall of our own, missed ticks must not fire back to back.
            loop.schedule(() -> every(options.pingInterval(), this::pingTick), options.pingInterval().toMillis());
            if (commands.enabled()) {
                Duration sweep = commandOptions.sweepInterval();
                loop.schedule(() -> every(sweep, commands::sweep), sweep.toMillis());
            }
        });
    }

    private void every(Duration period, Runnable task) {
        task.run();
        loop.schedule(() -> every(period, task), period.toMillis());
    }

    // ---- Redis ----

    /**
     * A Redis (re)connection is up: measure the clock, then heartbeat and reconcile (invariant 7), and
     * hand {@code commandStore} to the command dispatcher (not used while commands are off).
     */
    public void redisConnected(RegistryStore store, CommandStore commandStore) {
        loop.execute(() -> {
            long sent = loop.nanoTime();
            long connection = link.connection();
            loop.whenDone(store.time(), (redisMillis, error) -> {
                if (link.connection() != connection) {
                    // The connection dropped before TIME came back; its reconnect starts over with a TIME of its own.
                    return;
                }
                if (error != null) {
                    log.warn("could not read Redis' clock; keeping offset {} ms: {}", clock.offsetMillis(), error.toString());
                } else {
                    clock.measured(redisMillis, sent);
                }
                metrics.redisConnected(true);
                journal.lifecycle(LifecycleEvent.REDIS_CONNECTED, "clock offset " + clock.offsetMillis() + " ms");
                link.up(store);
                heartbeat.beatNow();
                claim.tick();
                reconciler.run();
                commands.redisUp(commandStore);
            });
        });
    }

    /** The Redis connection went down. */
    public void redisDisconnected() {
        loop.execute(() -> {
            metrics.redisConnected(false);
            journal.lifecycle(LifecycleEvent.REDIS_DISCONNECTED, null);
            link.down();
            writer.redisDown();
            commands.redisDown();
        });
    }

    // ---- the ingestion session ----

    /**
     * Runs a peer's step at once when the peer's connection lives on the core loop (the daemon's
     * socket does), else queues it there. Queued, a burst of lines read in one go would wait as
     * thousands of messages and outlive the young generation; at once, each is garbage before the
     * next line is decoded. A peer's steps all come from its one thread, so they keep their order
     * either way.
     */
    private void fromPeer(Runnable step) {
        if (loop.inLoop()) {
            step.run();
        } else {
            loop.execute(step);
        }
    }

    /** A {@code hello}: this peer becomes the ingestion session, replacing any older one. */
    public void attach(IngestionPeer peer, Hello hello) {
        fromPeer(() -> {
            if (session != null && session.peer != peer) {
                session.peer.close("replaced by a newer ingestion session");
            }
            session = new IngestionSession(peer, hello.boot(), loop.currentTimeMillis(), probationNext, loop.nanoTime());
            attachedView = true;
            metrics.sessionAttached();
            journal.lifecycle(LifecycleEvent.SESSION_ATTACHED, "boot " + hello.boot() + " pid " + hello.pid());
            List<String> caps = new ArrayList<>(List.of(LocalProtocol.CAP_SNAPSHOT_AT));
            if (commands.enabled()) {
                caps.add(LocalProtocol.CAP_COMMANDS);
            }
            peer.send(new Welcome(LocalProtocol.VERSION, options.instanceId(), caps));
            commands.sessionAttached(peer::send, hello.caps().contains(LocalProtocol.CAP_COMMANDS), false);
            if (session.onProbation()) {
                // Rule 10: the grace period keeps running and nothing is written until it answers a ping.
                journal.lifecycle(LifecycleEvent.PROBATION_STARTED, "boot " + hello.boot());
                log.warn("ingestion attached (boot {}, pid {}) after one was dropped for silence: on probation until it answers a ping",
                        hello.boot(), hello.pid());
            } else {
                log.info("ingestion attached (boot {}, pid {})", hello.boot(), hello.pid());
                trust();
            }
            session.pings++;
            peer.send(new Ping(session.pings));
        });
    }

    /** The session is trusted: it takes over the held set, the heartbeat and the grace period. */
    private void trust() {
        released = false;
        releaseDeferred = false;
        cancelGrace();
        writer.resumeRepairs();
        heartbeat.activate();
        commands.sessionTrusted();
        // Until this session's snapshot completes, entries naming us may belong to it.
        held.setComplete(false);
    }

    /** The peer's connection closed. */
    public void detach(IngestionPeer peer, String why) {
        loop.execute(() -> detachNow(peer, why));
    }

    private void detachNow(IngestionPeer peer, String why) {
        if (session == null || session.peer != peer) {
            return;
        }
        boolean wasTrusted = !session.onProbation();
        session = null;
        attachedView = false;
        commands.sessionDetached();
        log.info("ingestion detached ({}); keeping entries for the {} ms grace period", why, options.grace().toMillis());
        journal.lifecycle(LifecycleEvent.SESSION_DETACHED, why);
        // A session on probation never stopped the grace period that is already running.
        if (wasTrusted || graceTimer == null && !released) {
            startGrace(why);
        }
        if (onDetach != null) {
            Runnable r = onDetach;
            onDetach = null;
            r.run();
        }
    }

    /** A message from a peer after its {@code hello}; messages from a replaced session are ignored. */
    public void received(IngestionPeer peer, LocalMessage message) {
        fromPeer(() -> {
            if (session == null || session.peer != peer) {
                return;
            }
            journal.received(message);
            metrics.event(message.type());
            session.events++;
            if (message instanceof Register m) {
                checkSeq(m.seq());
                HeldSet.Entry entry = new HeldSet.Entry(m.conn(), clock.decisionNanos(m.at()), true, m.at());
                if (session.onProbation()) {
                    session.withhold(m.imei(), entry);
                } else {
                    held.put(m.imei(), entry);
                    writer.markDirty(m.imei());
                }
            } else if (message instanceof Unregister m) {
                checkSeq(m.seq());
                unregister(m);
            } else if (message instanceof Snapshot m) {
                ImeiTable complete = session.snapshotChunk(m);
                if (complete != null) {
                    snapshotComplete(complete);
                }
            } else if (message instanceof Pong) {
                session.lastPongNanos = loop.nanoTime();
                if (session.onProbation()) {
                    endProbation();
                }
            } else if (message instanceof Shutdown m) {
                checkSeq(m.seq());
                shutdownRequested(session);
            } else if (message instanceof CommandSent || message instanceof CommandResult || message instanceof CommandFailed
                    || message instanceof CommandReady) {
                commands.received(message);
            }
        });
    }

    private void unregister(Unregister m) {
        if (session.onProbation()) {
            HeldSet.Entry current = session.withheldContains(m.imei()) ? session.withheldEntry(m.imei()) : held.get(m.imei());
            if (current != null && current.conn() == m.conn()) {
                session.withhold(m.imei(), null);
            }
            return;
        }
        if (held.remove(m.imei(), m.conn())) {
            writer.markDirty(m.imei());
        } else {
            LogFields.imei(m.imei()).addTo(log.atDebug()).log("unregister imei={} conn={} does not match the held socket; ignored",
                    m.imei(), m.conn());
        }
    }

    private void checkSeq(long seq) {
        if (session.lastSeq >= 0 && seq != session.lastSeq + 1) {
            metrics.resync();
            journal.lifecycle(LifecycleEvent.RESYNC, "expected seq " + (session.lastSeq + 1) + ", got " + seq);
            session.peer.send(new Resync());
        }
        session.lastSeq = seq;
    }

    /** {@code entries} comes as {@link IngestionSession#snapshotChunk} leaves it and is made held-set entries in place. */
    private void snapshotComplete(ImeiTable entries) {
        long now = loop.currentTimeMillis();
        for (int row = 0; row < entries.size(); row++) {
            snapshotEntry(entries.conn(row), entries.since(row), now).putInto(entries, entries.key(row));
        }
        if (session.onProbation()) {
            session.withholdSnapshot(entries);
        } else {
            applySnapshot(entries);
        }
    }

    /**
     * A snapshot entry with its handshake's time (capability {@code snapshot-at}) is a fresh
     * registration when still inside the freshness window; without it, only a repair (rule 4).
     */
    private HeldSet.Entry snapshotEntry(long conn, long at, long now) {
        if (at == HeldDevice.NO_AT) {
            return new HeldSet.Entry(conn, RedisClock.UNKNOWN, false, now);
        }
        return new HeldSet.Entry(conn, clock.decisionNanos(at), true, at);
    }

    /** The complete held set arrived: it replaces ours; what changed is marked for the writer. */
    private void applySnapshot(ImeiTable incoming) {
        held.replaceWith(incoming, writer::markDirty);
        held.setComplete(true);
        journal.lifecycle(LifecycleEvent.SNAPSHOT_APPLIED, incoming.size() + " devices");
        reconciler.run();
    }

    /** The first pong of a session on probation: what it said is applied now, and it takes over. */
    private void endProbation() {
        probationNext = false;
        IngestionSession.Withheld withheld = session.prove();
        journal.lifecycle(LifecycleEvent.PROBATION_ENDED, withheld.entries().size() + " devices told");
        log.info("ingestion on probation answered a ping; its session is trusted");
        trust();
        ImeiTable told = withheld.entries();
        if (withheld.complete()) {
            told.removeFlagged(ImeiTable.GONE);
            applySnapshot(told);
            return;
        }
        for (int row = 0; row < told.size(); row++) {
            String imei = PackedImei.unpack(told.key(row));
            if ((told.flags(row) & ImeiTable.GONE) != 0) {
                held.remove(imei);
            } else {
                held.put(imei, HeldSet.Entry.of(told, row));
            }
            writer.markDirty(imei);
        }
    }

    private void shutdownRequested(IngestionSession from) {
        from.shutdownRequested = true;
        journal.lifecycle(LifecycleEvent.SHUTDOWN_REQUESTED, held.size() + " devices held");
        List<String> all = held.clear();
        loop.whenDone(writer.releaseAll(all), (result, error) -> {
            long count = error == null ? result.deleted() : 0;
            from.peer.send(new Released((int) count));
            log.info("ingestion shutdown: released {} of {} entries{}", count, all.size(),
                    error == null && !result.failed() ? "" : " (not all confirmed; written when Redis returns)");
        });
        if (onDetach != null) {
            Runnable r = onDetach;
            onDetach = null;
            r.run();
        }
    }

    /**
     * Drops the ingestion when no pong came for {@link SidecarOptions#MAX_UNANSWERED_PINGS} ping
     * intervals. Judged by time, not by counting ticks, and a tick that comes late (our own loop
     * stalled: start-up, GC, a paused process) restarts the clock: the silence was ours, not the
     * ingestion's. A session dropped this way puts the next one on probation.
     */
    private void pingTick() {
        long now = loop.nanoTime();
        long interval = options.pingInterval().toNanos();
        boolean weStalled = now - lastPingTickNanos > 2 * interval;
        lastPingTickNanos = now;
        if (session == null) {
            return;
        }
        if (weStalled) {
            session.lastPongNanos = now;
        }
        long silentNanos = now - session.lastPongNanos;
        if (silentNanos > SidecarOptions.MAX_UNANSWERED_PINGS * interval) {
            IngestionPeer gone = session.peer;
            log.warn("ingestion answered no ping for {} ms; treating it as gone", silentNanos / 1_000_000);
            probationNext = true;
            gone.close("no pong");
            detachNow(gone, "no pong");
            return;
        }
        session.pings++;
        session.peer.send(new Ping(session.pings));
    }

    private void startGrace(String why) {
        cancelGrace();
        graceTimer = loop.schedule(() -> graceExpired(why), options.grace().toMillis());
    }

    private void cancelGrace() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
    }

    private boolean trustedSessionAttached() {
        return session != null && !session.onProbation();
    }

    private void graceExpired(String why) {
        graceTimer = null;
        if (trustedSessionAttached()) {
            return;
        }
        if (claim.duplicateDetected()) {
            releaseDeferred = true;
            log.warn("no ingestion for the grace period after {}, but another process uses instance id {}: "
                    + "keeping {} entries and the heartbeat until it is gone", why, options.instanceId(), held.size());
            journal.lifecycle(LifecycleEvent.RELEASE_DEFERRED, "duplicate instance id");
            return;
        }
        log.info("no ingestion for the grace period after {}; releasing {} entries and the heartbeat", why, held.size());
        journal.lifecycle(LifecycleEvent.GRACE_EXPIRED, held.size() + " devices held");
        releaseEverything();
        // Nothing is held and nothing can be: any field naming us is a leftover of an earlier life.
        held.setComplete(true);
        reconciler.run();
    }

    /** The other process with our id is gone: a release the grace period wanted happens now. */
    private void cleanupAllowed() {
        if (releaseDeferred && !trustedSessionAttached() && graceTimer == null) {
            releaseDeferred = false;
            graceExpired("the instance id is ours alone again");
        }
        reconciler.run();
    }

    /**
     * Releases every held entry and deletes the heartbeat, in one turn of the loop: the delete goes
     * out before anything a session attaching later sends, so it can never land after that
     * session's first heartbeat.
     */
    private CompletionStage<RegistryWriter.ReleaseResult> releaseEverything() {
        CompletionStage<RegistryWriter.ReleaseResult> entries = writer.releaseAll(held.clear());
        heartbeat.stopAndDelete();
        return entries;
    }

    /** A wake-up hint for {@code imei} (from the pub/sub connection's thread). */
    public void wake(String imei) {
        loop.execute(() -> commands.wake(imei));
    }

    // ---- operators ----

    /**
     * {@code release}: unregister everything and stop re-asserting until {@code flush} or a new
     * session. The held set stays (the ingestion still holds those sockets), so {@code flush} can
     * write it back; fresh handshakes meanwhile are still registered.
     */
    public CompletionStage<RegistryWriter.ReleaseResult> release() {
        CompletableFuture<RegistryWriter.ReleaseResult> done = new CompletableFuture<>();
        loop.execute(() -> {
            writer.suspendRepairs();
            released = true;
            journal.lifecycle(LifecycleEvent.RELEASED_BY_OPERATOR, held.size() + " devices held");
            List<String> all = List.copyOf(held.imeis());
            writer.releaseAll(all).whenComplete((r, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(r);
                }
            });
        });
        return done;
    }

    /** {@code flush}: heartbeat (if beating) and a full reconcile now; resumes repairs after a {@code release}. */
    public void flush() {
        loop.execute(() -> {
            journal.lifecycle(LifecycleEvent.FLUSH_REQUESTED, held.size() + " devices held");
            released = false;
            writer.resumeRepairs();
            heartbeat.beatNow();
            reconciler.run();
        });
    }

    /**
     * SIGTERM (invariant 8): waits up to {@code ingestionWait} for the ingestion's {@code shutdown} or
     * disconnect; then, unless a session that did not ask to shut down is still attached (only the
     * sidecar restarts), releases everything and deletes the heartbeat, and completes once Redis
     * confirmed the releases (or it is away). Completes with whether entries were released.
     */
    public CompletionStage<Boolean> stop(Duration ingestionWait) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (session == null || session.shutdownRequested) {
                releaseAtStop(done);
                return;
            }
            CoreLoop.Timer deadline = loop.schedule(() -> {
                onDetach = null;
                releaseAtStop(done);
            }, ingestionWait.toMillis());
            onDetach = () -> {
                deadline.cancel();
                releaseAtStop(done);
            };
        });
        return done;
    }

    private void releaseAtStop(CompletableFuture<Boolean> done) {
        if (session != null && !session.shutdownRequested) {
            log.info("stopping with an ingestion attached: leaving {} entries for the next sidecar", held.size());
            done.complete(false);
            return;
        }
        if (claim.duplicateDetected()) {
            // They may be the other process's entries too; they expire with our heartbeat instead.
            log.warn("stopping while another process uses instance id {}: leaving {} entries and the heartbeat",
                    options.instanceId(), held.size());
            done.complete(false);
            return;
        }
        cancelGrace();
        journal.lifecycle(LifecycleEvent.RELEASED_AT_SHUTDOWN, held.size() + " devices held");
        releaseEverything().whenComplete((r, e) -> done.complete(true));
    }

    // ---- read-only views (any thread) ----

    /** Whether an ingestion is attached right now (on probation or not). */
    public boolean isAttached() {
        return attachedView;
    }

    /** The command dispatcher; read it on the core loop. */
    public CommandDispatcher commands() {
        return commands;
    }

    public RegistryWriter writer() {
        return writer;
    }

    public HeartbeatTicker heartbeat() {
        return heartbeat;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** The duplicate-instance detector. */
    public InstanceClaim claim() {
        return claim;
    }

    /** The loop that owns the core's state; whatever works beside the core (the janitor) runs on it too. */
    public CoreLoop loop() {
        return loop;
    }

    /** The gate to Redis every writer goes through. */
    public RedisLink link() {
        return link;
    }

    /** The one judge of deaths (design §8), shared by repairs and the janitor. */
    public DeathWatch deaths() {
        return deaths;
    }

    /** The held set; read it on the core loop. */
    public HeldSet held() {
        return held;
    }

    public SidecarOptions options() {
        return options;
    }

    public long startedAt() {
        return startedAt;
    }

    /** Whether an operator's release is in force. */
    public boolean isReleased() {
        return released;
    }

    /**
     * The attached session, or {@code null}; read on the core loop (status builds its report there).
     * Made when asked, not published after every message: that was one object per event.
     */
    public SessionView sessionView() {
        IngestionSession s = session;
        return s == null ? null : new SessionView(s.boot, s.attachedAt, s.events, s.lastSeq, s.onProbation());
    }

    /**
     * What status reports about the ingestion session.
     *
     * @param attachedAt wall-clock ms of its {@code hello}
     * @param lastSeq    the last sequence number seen, -1 before the first event
     * @param probation  it follows a session dropped for silence and has not answered a ping yet
     */
    public record SessionView(String boot, long attachedAt, long events, long lastSeq, boolean probation) {
    }

    /** Runs {@code task} on the core loop. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} on the core loop after a delay. */
    public void schedule(Runnable task, long delay, TimeUnit unit) {
        loop.schedule(task, unit.toMillis(delay));
    }
}
