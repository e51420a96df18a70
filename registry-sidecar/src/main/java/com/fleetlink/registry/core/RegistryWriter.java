package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisClock;
import com.fleetlink.registry.redis.RegisterOutcome;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the registry (invariant 7). Work is kept as state, not commands: a set of
 * IMEIs whose field may be wrong, at most one entry each however many events arrive. When it sends,
 * the writer looks at the held set and decides then: a held device is registered (fresh if its
 * handshake is not written yet, else repaired), a device not held is released by compare-and-delete.
 * Commands pipeline on one connection and execute in order, so a release decided before a
 * registration can never land after it.
 *
 * <p>A command that fails or times out has an unknown effect: its IMEI goes back into the set and is
 * decided again later. Confined to the core loop, except the read-only counters.
 */
public final class RegistryWriter {
    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);
    /** Commands outstanding at once: enough to pipeline well, few enough to bound memory during an outage. */
    static final int MAX_IN_FLIGHT = 4096;
    /** Devices per script: one round trip, short enough not to stall Redis. */
    static final int BATCH = 500;
    private static final long RETRY_DELAY_MS = 500;

    private final EventExecutor loop;
    private final HeldSet held;
    private final RedisClock clock;
    private final SidecarMetrics metrics;
    private final Journal journal;
    /** Devices an event touched: new handshakes and closes go first. */
    private final LinkedHashSet<String> dirty = new LinkedHashSet<>();
    /** Devices a reconcile pass re-asserts: sent only when no event work waits, so a pass never delays a handshake. */
    private final LinkedHashSet<String> background = new LinkedHashSet<>();
    private final Set<String> inFlight = new HashSet<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong repairsDone = new AtomicLong();
    private final AtomicLong conflictsSeen = new AtomicLong();
    private final AtomicLong releasedCount = new AtomicLong();
    private ConnectionRegistry registry;
    private boolean flushScheduled;
    private boolean retryScheduled;
    private boolean repairsSuspended;

    public RegistryWriter(EventExecutor loop, HeldSet held, RedisClock clock, SidecarMetrics metrics, Journal journal) {
        this.loop = loop;
        this.held = held;
        this.clock = clock;
        this.metrics = metrics;
        this.journal = journal;
    }

    /** Redis is up with these operations; pending work flows again. */
    public void redisUp(ConnectionRegistry registry) {
        this.registry = registry;
        scheduleFlush();
    }

    /** Redis went away: keep the work, send nothing (the client would reject it anyway). */
    public void redisDown() {
        this.registry = null;
    }

    /** The registry operations while Redis is up, else {@code null}. */
    public ConnectionRegistry registry() {
        return registry;
    }

    /** The field of {@code imei} may be wrong: decide and write it soon. */
    public void markDirty(String imei) {
        background.remove(imei);
        dirty.add(imei);
        updatePending();
        scheduleFlush();
    }

    /** Re-asserts every held device (after a reconnect, a lapse, or periodically), unless repairs are suspended. */
    public void markAllHeld() {
        if (repairsSuspended) {
            return;
        }
        for (String imei : held.imeis()) {
            if (!dirty.contains(imei)) {
                background.add(imei);
            }
        }
        updatePending();
        scheduleFlush();
    }

    /** After an operator's {@code release}: no repairs until {@link #resumeRepairs()}; fresh registrations still go through. */
    public void suspendRepairs() {
        repairsSuspended = true;
    }

    /** After {@code flush} or a new ingestion session. */
    public void resumeRepairs() {
        repairsSuspended = false;
    }

    /** Whether an operator's {@code release} is in force. */
    public boolean repairsSuspended() {
        return repairsSuspended;
    }

    /** Devices waiting to be written or in flight; readable from any thread. */
    public int pending() {
        return pending.get();
    }

    /** Repairs done since start. */
    public long repairs() {
        return repairsDone.get();
    }

    /** Conflicts with a live owner seen since start. */
    public long conflicts() {
        return conflictsSeen.get();
    }

    /** Fields deleted since start. */
    public long released() {
        return releasedCount.get();
    }

    private void updatePending() {
        pending.set(dirty.size() + background.size() + inFlight.size());
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        ConnectionRegistry r = registry;
        if (r == null) {
            return;
        }
        List<String> releases = new ArrayList<>();
        List<Pending> registrations = new ArrayList<>();
        send(r, dirty, registrations, releases);
        send(r, background, registrations, releases);
        if (!registrations.isEmpty()) {
            sendRegisters(r, registrations);
        }
        if (!releases.isEmpty()) {
            sendRelease(r, releases);
        }
        updatePending();
    }

    /** Sends what {@code queue} holds, up to the in-flight bound, deciding each device by the held set now. */
    private void send(ConnectionRegistry r, LinkedHashSet<String> queue, List<Pending> registrations, List<String> releases) {
        Iterator<String> it = queue.iterator();
        while (it.hasNext() && inFlight.size() < MAX_IN_FLIGHT) {
            String imei = it.next();
            if (inFlight.contains(imei)) {
                continue;
            }
            it.remove();
            inFlight.add(imei);
            HeldSet.Entry entry = held.get(imei);
            // After an operator's release only fresh handshakes are written; the rest of the held set stays out of Redis.
            if (entry != null && !(repairsSuspended && entry.freshAt() == HeldSet.Entry.REPAIR)) {
                registrations.add(new Pending(imei, entry));
                if (registrations.size() == BATCH) {
                    sendRegisters(r, List.copyOf(registrations));
                    registrations.clear();
                }
            } else {
                releases.add(imei);
                if (releases.size() == BATCH) {
                    sendRelease(r, List.copyOf(releases));
                    releases.clear();
                }
            }
        }
    }

    /** Registers a batch of held devices in one script; each outcome is handled as if it came alone. */
    private void sendRegisters(ConnectionRegistry r, List<Pending> batch) {
        List<ConnectionRegistry.Registration> registrations = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            registrations.add(new ConnectionRegistry.Registration(p.imei(), p.entry().freshAt()));
        }
        r.registerAll(registrations).whenComplete((outcomes, error) -> loop.execute(() -> {
            if (error != null) {
                failed("register", batch.stream().map(Pending::imei).toList(), error);
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                registered(r, batch.get(i), outcomes.get(i));
            }
        }));
    }

    private void registered(ConnectionRegistry r, Pending p, RegisterOutcome outcome) {
        String op = p.entry().freshAt() != HeldSet.Entry.REPAIR ? "register" : "repair";
        journal.outcome(op, p.imei(), outcome.kind().name().toLowerCase(java.util.Locale.ROOT), outcome.owner());
        switch (outcome.kind()) {
            case FRESH -> held.written(p.imei(), p.entry().conn());
            case RESTORED -> repaired();
            case CONFLICT -> {
                checkOwner(r, p.imei(), outcome.owner());
                return;
            }
            default -> { }
        }
        done(p.imei());
    }

    /** A held device on its way to Redis, with the entry it was decided from. */
    private record Pending(String imei, HeldSet.Entry entry) {
    }

    /** A live owner keeps the field; a dead one (no heartbeat key) is replaced by compare-and-set. */
    private void checkOwner(ConnectionRegistry r, String imei, String owner) {
        r.isAlive(owner).whenComplete((alive, error) -> loop.execute(() -> {
            if (error != null) {
                failed("liveness", List.of(imei), error);
            } else if (alive) {
                conflictsSeen.incrementAndGet();
                metrics.conflict();
                log.info("imei={} is held here but registered to live instance {}; left alone", imei, owner);
                done(imei);
            } else if (!held.contains(imei)) {
                done(imei);
            } else {
                r.replaceDead(imei, owner).whenComplete((taken, e2) -> loop.execute(() -> {
                    if (e2 != null) {
                        failed("replace_dead", List.of(imei), e2);
                        return;
                    }
                    journal.outcome("replace_dead", imei, taken ? "replaced" : "changed", owner);
                    if (taken) {
                        repaired();
                    }
                    done(imei);
                }));
            }
        }));
    }

    private void repaired() {
        repairsDone.incrementAndGet();
        metrics.repair();
    }

    private void sendRelease(ConnectionRegistry r, List<String> imeis) {
        r.unregisterAll(imeis, clock.now()).whenComplete((deleted, error) -> loop.execute(() -> {
            if (error != null) {
                failed("unregister", imeis, error);
                return;
            }
            if (deleted < 0) {
                // Waited out a paused Redis: decide again with a fresh timestamp.
                journal.outcome("unregister", imeis.size() == 1 ? imeis.get(0) : null, "stale", Integer.toString(imeis.size()));
                imeis.forEach(inFlight::remove);
                dirty.addAll(imeis);
                updatePending();
                scheduleRetry();
                return;
            }
            journal.outcome("unregister", imeis.size() == 1 ? imeis.get(0) : null, "deleted", Long.toString(deleted));
            releasedCount.addAndGet(deleted);
            metrics.released(deleted);
            imeis.forEach(this::done);
        }));
    }

    private void done(String imei) {
        inFlight.remove(imei);
        updatePending();
        // A free in-flight slot is room for whatever waits, not only for this device's next write.
        if (!dirty.isEmpty() || !background.isEmpty()) {
            scheduleFlush();
        }
    }

    private void failed(String op, List<String> imeis, Throwable error) {
        metrics.failure(op);
        journal.outcome(op, imeis.size() == 1 ? imeis.get(0) : null, "failed", error.toString());
        log.warn("registry {} failed for {} device(s), will retry: {}", op, imeis.size(), error.toString());
        imeis.forEach(inFlight::remove);
        dirty.addAll(imeis);
        updatePending();
        scheduleRetry();
    }

    /** Failed work waits a little, so a Redis that answers errors is not hammered in a loop. */
    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            loop.schedule(() -> {
                retryScheduled = false;
                scheduleFlush();
            }, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Releases every held device now (shutdown, grace expiry, an operator's release): empties the
     * held set and deletes each field that still names us. Completes once Redis answered every batch,
     * with how many fields were deleted; a batch that failed stays pending for a later retry and makes
     * the result {@code failed}.
     */
    public CompletionStage<ReleaseResult> releaseAll() {
        return releaseAll(held.clear());
    }

    /**
     * An operator's release: like {@link #releaseAll()}, but the held set stays, so that a
     * {@code flush} can write it back. Call after {@link #suspendRepairs()}, which keeps a retried
     * delete from turning into a repair.
     */
    public CompletionStage<ReleaseResult> releaseAllKeepingHeld() {
        return releaseAll(List.copyOf(held.imeis()));
    }

    private CompletionStage<ReleaseResult> releaseAll(List<String> all) {
        // One by one: removeAll with a list argument can scan the list per element, quadratic at 100,000 devices.
        all.forEach(imei -> {
            dirty.remove(imei);
            background.remove(imei);
        });
        ConnectionRegistry r = registry;
        if (all.isEmpty()) {
            return CompletableFuture.completedFuture(new ReleaseResult(0, 0, false));
        }
        if (r == null) {
            dirty.addAll(all);
            updatePending();
            return CompletableFuture.completedFuture(new ReleaseResult(all.size(), 0, true));
        }
        List<CompletableFuture<Long>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            batches.add(r.unregisterAll(batch, clock.now()).toCompletableFuture()
                    .handle((deleted, error) -> {
                        if (error != null || deleted < 0) {
                            loop.execute(() -> {
                                metrics.failure("unregister");
                                dirty.addAll(batch);
                                updatePending();
                                scheduleRetry();
                            });
                            return -1L;
                        }
                        return deleted;
                    }));
        }
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            long deleted = 0;
            boolean failed = false;
            for (CompletableFuture<Long> b : batches) {
                long n = b.join();
                failed |= n < 0;
                deleted += Math.max(n, 0);
            }
            releasedCount.addAndGet(deleted);
            metrics.released(deleted);
            journal.outcome("release_all", null, failed ? "partial" : "deleted", Long.toString(deleted));
            return new ReleaseResult(all.size(), deleted, failed);
        });
    }

    /**
     * What {@link #releaseAll()} did.
     *
     * @param held    devices that were held
     * @param deleted fields that named us and were deleted
     * @param failed  some batch failed or went stale; it will be retried
     */
    public record ReleaseResult(int held, long deleted, boolean failed) {
    }
}
