package com.fleetlink.registry.core;

import com.fleetlink.protocol.log.LogFields;
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.Registration;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the registry (invariant 7). Work is kept as state, not commands: a set of
 * IMEIs whose field may be wrong, at most one entry each however many events arrive, and at most
 * one command per IMEI in flight. When it sends, the writer looks at the held set and decides then:
 * a held device is registered (fresh if its handshake is not written yet, else repaired), a device
 * not held is released by compare-and-delete. Commands pipeline on one connection and execute in
 * order, so a release decided before a registration can never land after it. Releases of everything
 * (shutdown, grace expiry, an operator's release) go through the same queue and gate.
 *
 * <p>A command that fails has an unknown effect: its IMEI goes back into the set and is decided
 * again once Redis takes work (after a timeout, only once it has answered a ping: {@link RedisLink}).
 * Confined to the core loop, except the read-only counters.
 */
public final class RegistryWriter {
    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);
    /** Each register outcome's journal word, looked up once: a registration is answered per device. */
    private static final Map<RegisterOutcome.Kind, RedisOutcome> JOURNAL_OUTCOME = journalOutcomes();
    /** Commands outstanding at once: enough to pipeline well, few enough to bound memory during an outage. */
    static final int MAX_IN_FLIGHT = 4096;
    /** Devices per script: one round trip, short enough not to stall Redis. */
    static final int BATCH = 500;
    /** Pause after Redis refused work, so a Redis that answers errors is not hammered in a loop. */
    static final long RETRY_DELAY_MS = 500;

    private final CoreLoop loop;
    private final HeldSet held;
    private final RedisClock clock;
    private final RedisLink link;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final OwnerCheck owners;
    /** Devices an event touched: new handshakes and closes go first. Packed: a snapshot queues every held device here. */
    private final DeviceQueue dirty = new DeviceQueue();
    /** Devices a reconcile pass re-asserts: sent only when no event work waits, so a pass never delays a handshake. */
    private final DeviceQueue background = new DeviceQueue();
    private final Set<String> inFlight = new HashSet<>();
    /** Events whose failure to be written has been counted (invariant 9: once per event). */
    private final Set<String> failureCounted = new HashSet<>();
    private final List<ReleaseWaiter> waiters = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong repairsDone = new AtomicLong();
    private final AtomicLong conflictsSeen = new AtomicLong();
    private final AtomicLong releasedCount = new AtomicLong();
    private Consumer<String> landed = imei -> { };
    private boolean flushScheduled;
    private boolean retryScheduled;
    private boolean repairsSuspended;

    public RegistryWriter(CoreLoop loop, HeldSet held, RedisClock clock, RedisLink link, DeathWatch deaths,
                          SidecarMetrics metrics, Journal journal) {
        this.loop = loop;
        this.held = held;
        this.clock = clock;
        this.link = link;
        this.metrics = metrics;
        this.journal = journal;
        this.owners = new OwnerCheck(loop, held, clock, link, deaths, journal, this);
        link.onAnswering(this::scheduleFlush);
    }

    /** The field of {@code imei} may be wrong after an event: decide and write it soon. */
    public void markDirty(String imei) {
        loop.assertInLoop();
        background.remove(imei);
        dirty.add(imei);
        if (link.writable() == null) {
            // Decided while Redis cannot take it: that is the failure invariant 9 counts, once.
            if (failureCounted.add(imei)) {
                metrics.failure(held.contains(imei) ? "register" : "unregister");
            }
        } else {
            failureCounted.remove(imei);
        }
        updatePending();
        scheduleFlush();
    }

    /** Re-asserts every held device (after a reconnect, a lapse, or periodically), unless repairs are suspended. */
    public void markAllHeld() {
        loop.assertInLoop();
        if (repairsSuspended) {
            return;
        }
        held.forEachKey(key -> {
            if (!dirty.contains(key)) {
                background.add(key);
            }
        });
        updatePending();
        scheduleFlush();
    }

    /** Tells {@code action} of every device whose field a registration or repair has just made name us. */
    public void onLanded(Consumer<String> action) {
        landed = action;
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

    /** The store while Redis is connected, else {@code null} (for reads such as status). */
    public RegistryStore registry() {
        return link.store();
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

    void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        RegistryStore r = link.writable();
        if (r == null) {
            return;
        }
        Batches batches = new Batches(r);
        send(dirty, true, batches);
        send(background, false, batches);
        batches.finish();
        updatePending();
    }

    /** Sends what {@code queue} holds, up to the in-flight bound, deciding each device by the held set now. */
    private void send(DeviceQueue queue, boolean events, Batches batches) {
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
            if (entry != null && !(repairsSuspended && !entry.fresh())) {
                batches.register(new Pending(imei, entry, events));
            } else {
                batches.release(imei, events);
            }
        }
    }

    /** The batches one flush builds, each sent when full. */
    private final class Batches {
        private final RegistryStore store;
        private final List<Pending> registrations = new ArrayList<>();
        private final List<String> releases = new ArrayList<>();
        private boolean releaseEvents;

        Batches(RegistryStore store) {
            this.store = store;
        }

        void register(Pending p) {
            registrations.add(p);
            if (registrations.size() == BATCH) {
                sendRegisters(store, List.copyOf(registrations));
                registrations.clear();
            }
        }

        void release(String imei, boolean event) {
            releases.add(imei);
            releaseEvents |= event;
            if (releases.size() == BATCH) {
                sendRelease(store, List.copyOf(releases), releaseEvents);
                releases.clear();
                releaseEvents = false;
            }
        }

        void finish() {
            if (!registrations.isEmpty()) {
                sendRegisters(store, List.copyOf(registrations));
            }
            if (!releases.isEmpty()) {
                sendRelease(store, List.copyOf(releases), releaseEvents);
            }
        }
    }

    /** A held device on its way to Redis, with the entry it was decided from and whether an event asked for it. */
    record Pending(String imei, HeldSet.Entry entry, boolean event) {
        RedisOperation op() {
            return entry.fresh() ? RedisOperation.REGISTER : RedisOperation.REPAIR;
        }
    }

    /** Registers a batch of held devices in one script; each outcome is handled as if it came alone. */
    private void sendRegisters(RegistryStore r, List<Pending> batch) {
        List<Registration> registrations = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            registrations.add(new Registration(p.imei(), clock.toRedis(p.entry().atNanos()), p.entry().fresh()));
        }
        loop.whenDone(r.registerAll(registrations), (outcomes, error) -> {
            if (error != null) {
                failedRegisters(batch, error);
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                registered(batch.get(i), outcomes.get(i));
            }
        });
    }

    private void registered(Pending p, RegisterOutcome outcome) {
        if (p.entry().fresh() && p.entry().atNanos() != RedisClock.UNKNOWN) {
            metrics.registrationAnswered(loop.nanoTime() - p.entry().atNanos());
        }
        journal.outcome(p.op(), p.imei(), JOURNAL_OUTCOME.get(outcome.kind()), outcome.owner().isEmpty() ? null : outcome.owner());
        failureCounted.remove(p.imei());
        switch (outcome.kind()) {
            case CONFLICT -> {
                owners.conflict(p.imei(), outcome.owner(), outcome.ownerAt());
                return;
            }
            case RESTORED -> repaired();
            case SUPERSEDED -> LogFields.imei(p.imei()).addTo(log.atInfo())
                    .log("imei={} registration lost to a newer handshake on {}", p.imei(), outcome.owner());
            default -> { }
        }
        held.written(p.imei(), p.entry().conn());
        settled(p.imei());
        if (outcome.kind() == RegisterOutcome.Kind.FRESH || outcome.kind() == RegisterOutcome.Kind.RESTORED) {
            landed.accept(p.imei());
        }
    }

    private static Map<RegisterOutcome.Kind, RedisOutcome> journalOutcomes() {
        Map<RegisterOutcome.Kind, RedisOutcome> outcomes = new EnumMap<>(RegisterOutcome.Kind.class);
        for (RegisterOutcome.Kind kind : RegisterOutcome.Kind.values()) {
            outcomes.put(kind, RedisOutcome.of(kind.word()));
        }
        return outcomes;
    }

    void repaired() {
        repairsDone.incrementAndGet();
        metrics.repair();
    }

    void conflictKept(String imei, String owner) {
        conflictsSeen.incrementAndGet();
        metrics.conflict();
        LogFields.imei(imei).addTo(log.atInfo()).log("imei={} is held here but registered to live instance {}; left alone", imei, owner);
    }

    private void sendRelease(RegistryStore r, List<String> imeis, boolean events) {
        loop.whenDone(r.unregisterAll(imeis, clock.now()), (deleted, error) -> {
            String one = imeis.size() == 1 ? imeis.get(0) : null;
            if (error != null) {
                failed(RedisOperation.UNREGISTER, imeis, events, error);
                return;
            }
            if (deleted < 0) {
                // Waited out a paused Redis: decide again with a fresh timestamp.
                journal.outcome(RedisOperation.UNREGISTER, one, RedisOutcome.STALE, Integer.toString(imeis.size()));
                requeue(imeis);
                scheduleRetry();
                return;
            }
            journal.outcome(RedisOperation.UNREGISTER, one, RedisOutcome.DELETED, Long.toString(deleted));
            releasedCount.addAndGet(deleted);
            metrics.released(deleted);
            for (ReleaseWaiter w : waiters) {
                w.deleted(imeis, deleted);
            }
            imeis.forEach(failureCounted::remove);
            imeis.forEach(this::settled);
        });
    }

    /** {@code imei} needs no more work for now: frees its slot and answers whoever waits for it. */
    void settled(String imei) {
        inFlight.remove(imei);
        if (!waiters.isEmpty() && !dirty.contains(imei)) {
            waiters.removeIf(w -> w.settled(imei));
        }
        updatePending();
        // A free in-flight slot is room for whatever waits, not only for this device's next write.
        if (!dirty.isEmpty() || !background.isEmpty()) {
            scheduleFlush();
        }
    }

    private void failedRegisters(List<Pending> batch, StoreFailure error) {
        List<String> imeis = new ArrayList<>(batch.size());
        boolean events = false;
        for (Pending p : batch) {
            imeis.add(p.imei());
            events |= p.event();
        }
        failed(batch.get(0).op(), imeis, events, error);
    }

    /** Work that failed is decided again later; each event's failure counts once, a repair batch's once. */
    void failed(RedisOperation op, List<String> imeis, boolean events, StoreFailure error) {
        link.failed(error);
        if (events) {
            for (String imei : imeis) {
                if (failureCounted.add(imei)) {
                    metrics.failure(held.contains(imei) ? "register" : "unregister");
                }
            }
        } else {
            metrics.failure(op.word());
        }
        journal.outcome(op, imeis.size() == 1 ? imeis.get(0) : null, RedisOutcome.FAILED, error.toString());
        log.warn("registry {} failed for {} device(s), will retry: {}", op, imeis.size(), error.toString());
        requeue(imeis);
        if (!(error instanceof StoreFailure.Unknown)) {
            scheduleRetry();
        }
    }

    private void requeue(Collection<String> imeis) {
        for (String imei : imeis) {
            inFlight.remove(imei);
            background.remove(imei);
            dirty.add(imei);
        }
        updatePending();
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            loop.schedule(() -> {
                retryScheduled = false;
                scheduleFlush();
            }, RETRY_DELAY_MS);
        }
    }

    /**
     * Releases {@code imeis} through the ordinary queue, so that each waits for any command of its
     * own still in flight (one command per IMEI at a time). The caller has already taken them out of
     * the held set, or suspended repairs. Completes once every one of them, and all work queued
     * before, is written, or at once, as failed, when Redis is away (the work stays queued and is done
     * when it returns).
     */
    CompletionStage<ReleaseResult> releaseAll(List<String> imeis) {
        loop.assertInLoop();
        for (String imei : imeis) {
            markDirty(imei);
        }
        // Work queued earlier (a release that timed out, say) is waited for too: a stop must not leave it behind.
        DeviceQueue awaited = new DeviceQueue();
        dirty.forEach(awaited::add);
        inFlight.forEach(awaited::add);
        if (awaited.isEmpty()) {
            return CompletableFuture.completedFuture(new ReleaseResult(imeis.size(), 0, false));
        }
        if (link.store() == null) {
            return CompletableFuture.completedFuture(new ReleaseResult(imeis.size(), 0, true));
        }
        ReleaseWaiter waiter = new ReleaseWaiter(imeis.size(), awaited);
        waiters.add(waiter);
        return waiter.done;
    }

    /** Redis went away: whoever waits for a release hears now that it did not finish. */
    void redisDown() {
        for (ReleaseWaiter w : waiters) {
            w.abandon();
        }
        waiters.clear();
    }

    /** One caller waiting for a set of releases. */
    private final class ReleaseWaiter {
        private final int size;
        private final DeviceQueue remaining;
        private final CompletableFuture<ReleaseResult> done = new CompletableFuture<>();
        private long deleted;

        ReleaseWaiter(int size, DeviceQueue awaited) {
            this.size = size;
            this.remaining = awaited;
        }

        /** Counts a batch's deletions when the batch served this release. */
        void deleted(List<String> batch, long n) {
            for (String imei : batch) {
                if (remaining.contains(imei)) {
                    deleted += n;
                    return;
                }
            }
        }

        /** True when this was the last one. */
        boolean settled(String imei) {
            if (remaining.remove(imei) && remaining.isEmpty()) {
                journal.outcome(RedisOperation.RELEASE_ALL, null, RedisOutcome.DELETED, Long.toString(deleted));
                done.complete(new ReleaseResult(size, deleted, false));
                return true;
            }
            return false;
        }

        void abandon() {
            journal.outcome(RedisOperation.RELEASE_ALL, null, RedisOutcome.PARTIAL, Long.toString(deleted));
            done.complete(new ReleaseResult(size, deleted, true));
        }
    }

    /**
     * What a release of everything did.
     *
     * @param held    devices that were released
     * @param deleted fields that named us and were deleted while it ran
     * @param failed  Redis went away before every release was written; they will be written when it returns
     */
    public record ReleaseResult(int held, long deleted, boolean failed) {
    }
}
