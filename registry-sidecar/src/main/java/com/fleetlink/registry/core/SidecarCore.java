package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalMessage;
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
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisClock;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's brain: the ingestion session, the held set, the grace period and the timers, wired
 * to the one writer. Every method hops onto the core loop, so the state below is touched by one
 * thread only.
 *
 * <p>Lifecycle (invariant 6): heartbeating starts at once and the start counts as a disconnect, so a
 * grace period runs until an ingestion says hello. While no ingestion is attached the grace timer
 * runs; when it fires, every held entry is released and the heartbeat key deleted — unless another
 * process uses our instance id ({@link InstanceClaim}): then the release waits until it is gone.
 */
public final class SidecarCore {
    private static final Logger log = LoggerFactory.getLogger(SidecarCore.class);

    private final EventExecutor loop;
    private final SidecarOptions options;
    private final RedisClock clock;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final HeldSet held = new HeldSet();
    private final RegistryWriter writer;
    private final HeartbeatTicker heartbeat;
    private final Reconciler reconciler;
    private final InstanceClaim claim;
    private final long startedAt = System.currentTimeMillis();

    private IngestionPeer attached;
    private long lastPingTickNanos = System.nanoTime();
    private Session session;
    private ScheduledFuture<?> graceTimer;
    /** The grace period ran out while a duplicate was seen: release once it is gone. */
    private boolean releaseDeferred;
    private volatile boolean released;

    public SidecarCore(EventExecutor loop, SidecarOptions options, RedisClock clock, SidecarMetrics metrics, Journal journal) {
        this.loop = loop;
        this.options = options;
        this.clock = clock;
        this.metrics = metrics;
        this.journal = journal;
        this.writer = new RegistryWriter(loop, held, clock, metrics, journal);
        this.claim = new InstanceClaim(loop, writer, metrics, journal, options.instanceId(), options.heartbeatTtl(),
                this::cleanupAllowed);
        this.reconciler = new Reconciler(loop, held, writer, metrics, options.scanPagePause(),
                () -> !claim.aloneConfirmed());
        this.heartbeat = new HeartbeatTicker(loop, writer, clock, metrics, journal,
                options.heartbeatInterval(), options.heartbeatTtl(), reconciler::run);
    }

    /** Starts heartbeating, the grace period and the periodic timers. */
    public void start() {
        loop.execute(() -> {
            journal.started(options.instanceId());
            heartbeat.activate();
            loop.scheduleAtFixedRate(claim::tick, 0, options.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            startGrace("start");
            loop.scheduleAtFixedRate(reconciler::run, options.reconcileInterval().toMillis(),
                    options.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
            // Fixed delay, not fixed rate: after a stall of our own, missed ticks must not fire back to back.
            loop.scheduleWithFixedDelay(this::pingTick, options.pingInterval().toMillis(),
                    options.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    // ---- Redis ----

    /** A Redis (re)connection is up: measure the clock, then heartbeat and reconcile (invariant 7). */
    public void redisConnected(RedisClusterAsyncCommands<String, String> commands) {
        clock.synchronize(commands).whenComplete((offset, error) -> loop.execute(() -> {
            if (error != null) {
                log.warn("could not read Redis' clock; keeping offset {} ms: {}", clock.offsetMillis(), error.toString());
            }
            metrics.redisConnected(true);
            journal.lifecycle("redis_connected", "clock offset " + clock.offsetMillis() + " ms");
            // Pipelined ahead of every script call on this connection: a NOSCRIPT fallback resends after
            // its answer and could land behind later commands. A failed load leaves that fallback.
            ConnectionRegistry.cacheScripts(commands);
            writer.redisUp(new ConnectionRegistry(commands, options.instanceId(), options.freshness()));
            if (heartbeat.isActive()) {
                heartbeat.beatNow();
            }
            claim.tick();
            reconciler.run();
        }));
    }

    /** The Redis connection went down. */
    public void redisDisconnected() {
        loop.execute(() -> {
            metrics.redisConnected(false);
            journal.lifecycle("redis_disconnected", null);
            writer.redisDown();
        });
    }

    // ---- the ingestion session ----

    /** A {@code hello}: this peer becomes the ingestion session, replacing any older one. */
    public void attach(IngestionPeer peer, Hello hello) {
        loop.execute(() -> {
            if (attached != null && attached != peer) {
                attached.close("replaced by a newer ingestion session");
            }
            attached = peer;
            session = new Session(hello.boot(), System.currentTimeMillis());
            released = false;
            releaseDeferred = false;
            cancelGrace();
            writer.resumeRepairs();
            heartbeat.activate();
            // Until this session's snapshot completes, entries naming us may belong to it.
            held.setComplete(false);
            metrics.sessionAttached();
            journal.lifecycle("session_attached", "boot " + hello.boot() + " pid " + hello.pid());
            log.info("ingestion attached (boot {}, pid {})", hello.boot(), hello.pid());
            peer.send(new Welcome(LocalProtocol.VERSION, options.instanceId()));
        });
    }

    /** The peer's connection closed. */
    public void detach(IngestionPeer peer, String why) {
        loop.execute(() -> {
            if (attached != peer) {
                return;
            }
            attached = null;
            session = null;
            log.info("ingestion detached ({}); keeping entries for the {} ms grace period", why, options.grace().toMillis());
            journal.lifecycle("session_detached", why);
            startGrace(why);
        });
    }

    /** A message from a peer after its {@code hello}; messages from a replaced session are ignored. */
    public void received(IngestionPeer peer, LocalMessage message) {
        loop.execute(() -> {
            if (attached != peer) {
                return;
            }
            journal.received(message);
            metrics.event(message.type());
            session.events++;
            if (message instanceof Register m) {
                checkSeq(m.seq());
                // The ingestion stamps events with this host's clock; the scripts judge by Redis'.
                held.put(m.imei(), new HeldSet.Entry(m.conn(), m.at() + clock.offsetMillis(), m.at()));
                writer.markDirty(m.imei());
            } else if (message instanceof Unregister m) {
                checkSeq(m.seq());
                if (held.remove(m.imei(), m.conn())) {
                    writer.markDirty(m.imei());
                } else {
                    log.debug("unregister imei={} conn={} does not match the held socket; ignored", m.imei(), m.conn());
                }
            } else if (message instanceof Snapshot m) {
                snapshotChunk(m);
            } else if (message instanceof Pong) {
                session.lastPongNanos = System.nanoTime();
            } else if (message instanceof Shutdown m) {
                checkSeq(m.seq());
                shutdownRequested(peer);
            }
        });
    }

    private void checkSeq(long seq) {
        if (session.lastSeq >= 0 && seq != session.lastSeq + 1) {
            metrics.resync();
            journal.lifecycle("resync", "expected seq " + (session.lastSeq + 1) + ", got " + seq);
            attached.send(new Resync());
        }
        session.lastSeq = seq;
    }

    private void snapshotChunk(Snapshot chunk) {
        if (!chunk.snap().equals(session.snapId)) {
            session.snapId = chunk.snap();
            session.incoming = new HashMap<>();
        }
        for (HeldDevice d : chunk.imeis()) {
            session.incoming.put(d.imei(), d.conn());
        }
        if (chunk.last()) {
            applySnapshot(session.incoming);
            session.snapId = null;
            session.incoming = null;
        }
    }

    /** The complete held set arrived: it replaces ours; what changed is marked for the writer. */
    private void applySnapshot(Map<String, Long> incoming) {
        long now = System.currentTimeMillis();
        for (String imei : java.util.List.copyOf(held.imeis())) {
            if (!incoming.containsKey(imei)) {
                held.remove(imei);
                writer.markDirty(imei);
            }
        }
        incoming.forEach((imei, conn) -> {
            HeldSet.Entry current = held.get(imei);
            if (current == null || current.conn() != conn) {
                held.put(imei, new HeldSet.Entry(conn, HeldSet.Entry.REPAIR, now));
                writer.markDirty(imei);
            }
        });
        held.setComplete(true);
        journal.lifecycle("snapshot_applied", incoming.size() + " devices");
        reconciler.run();
    }

    private void shutdownRequested(IngestionPeer peer) {
        journal.lifecycle("shutdown_requested", held.size() + " devices held");
        writer.releaseAll().whenComplete((result, error) -> loop.execute(() -> {
            long count = error == null ? result.deleted() : 0;
            peer.send(new Released((int) count));
            log.info("ingestion shutdown: released {} of {} entries{}", count, error == null ? result.held() : 0,
                    error == null && !result.failed() ? "" : " (some failed; retried while running)");
        }));
    }

    /**
     * Drops the ingestion when no pong came for {@link SidecarOptions#MAX_UNANSWERED_PINGS} ping
     * intervals. Judged by time, not by counting ticks, and a tick that comes late (our own loop
     * stalled: start-up, GC, a paused process) restarts the clock: the silence was ours, not the
     * ingestion's.
     */
    private void pingTick() {
        long now = System.nanoTime();
        long interval = options.pingInterval().toNanos();
        boolean weStalled = now - lastPingTickNanos > 2 * interval;
        lastPingTickNanos = now;
        if (attached == null) {
            return;
        }
        if (weStalled) {
            session.lastPongNanos = now;
        }
        long silentNanos = now - session.lastPongNanos;
        if (silentNanos > SidecarOptions.MAX_UNANSWERED_PINGS * interval) {
            IngestionPeer gone = attached;
            log.warn("ingestion answered no ping for {} ms; treating it as gone", silentNanos / 1_000_000);
            gone.close("no pong");
            detach(gone, "no pong");
            return;
        }
        attached.send(new Ping(++session.pings));
    }

    private void startGrace(String why) {
        cancelGrace();
        graceTimer = loop.schedule(() -> graceExpired(why), options.grace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelGrace() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    private void graceExpired(String why) {
        graceTimer = null;
        if (attached != null) {
            return;
        }
        if (claim.duplicateDetected()) {
            releaseDeferred = true;
            log.warn("no ingestion for the grace period after {}, but another process uses instance id {}: "
                    + "keeping {} entries and the heartbeat until it is gone", why, options.instanceId(), held.size());
            journal.lifecycle("release_deferred", "duplicate instance id");
            return;
        }
        log.info("no ingestion for the grace period after {}; releasing {} entries and the heartbeat", why, held.size());
        journal.lifecycle("grace_expired", held.size() + " devices held");
        releaseEverything();
        // Nothing is held and nothing can be: any field naming us is a leftover of an earlier life.
        held.setComplete(true);
        reconciler.run();
    }

    /** The other process with our id is gone: a release the grace period wanted happens now. */
    private void cleanupAllowed() {
        if (releaseDeferred && attached == null && graceTimer == null) {
            releaseDeferred = false;
            graceExpired("the instance id is ours alone again");
        }
        reconciler.run();
    }

    private CompletionStage<Void> releaseEverything() {
        CompletionStage<RegistryWriter.ReleaseResult> entries = writer.releaseAll();
        return entries.thenCompose(r -> heartbeat.stopAndDelete());
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
            journal.lifecycle("released_by_operator", held.size() + " devices held");
            writer.releaseAllKeepingHeld().whenComplete((r, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(r);
                }
            });
        });
        return done;
    }

    /** {@code flush}: heartbeat and a full reconcile now; resumes repairs after a {@code release}. */
    public void flush() {
        loop.execute(() -> {
            journal.lifecycle("flush_requested", held.size() + " devices held");
            released = false;
            writer.resumeRepairs();
            heartbeat.beatNow();
            reconciler.run();
        });
    }

    /**
     * SIGTERM (invariant 8): once no ingestion is attached, release everything and delete the
     * heartbeat; if one is still attached (only the sidecar restarts), leave the entries for it.
     * Completes with whether entries were released.
     */
    public CompletionStage<Boolean> releaseIfDetached() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (attached != null) {
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
            journal.lifecycle("released_at_shutdown", held.size() + " devices held");
            releaseEverything().whenComplete((v, e) -> done.complete(true));
        });
        return done;
    }

    // ---- read-only views (any thread) ----

    /** Whether an ingestion is attached right now. */
    public boolean isAttached() {
        return attached != null;
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

    /** The attached session as seen now, or {@code null}; call on the core loop. */
    public SessionView sessionView() {
        Session s = session;
        return s == null ? null : new SessionView(s.boot, s.attachedAt, s.events, s.lastSeq);
    }

    /**
     * What status reports about the ingestion session.
     *
     * @param attachedAt wall-clock ms of its {@code hello}
     * @param lastSeq    the last sequence number seen, -1 before the first event
     */
    public record SessionView(String boot, long attachedAt, long events, long lastSeq) {
    }

    /** Runs {@code task} on the core loop. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Runs {@code task} on the core loop after a delay. */
    public void schedule(Runnable task, long delay, TimeUnit unit) {
        loop.schedule(task, delay, unit);
    }

    /** One ingestion session's protocol state. */
    static final class Session {
        final String boot;
        final long attachedAt;
        long lastSeq = -1;
        long events;
        long pings;
        long lastPongNanos = System.nanoTime();
        String snapId;
        Map<String, Long> incoming;

        Session(String boot, long attachedAt) {
            this.boot = boot;
            this.attachedAt = attachedAt;
        }
    }
}
