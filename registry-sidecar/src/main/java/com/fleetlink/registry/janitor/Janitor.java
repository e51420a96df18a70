package com.fleetlink.registry.janitor;

import com.fleetlink.registry.core.CoreLoop;
import com.fleetlink.registry.core.DeathWatch;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisLink;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;
import com.fleetlink.registry.store.DeadDeletion;
import com.fleetlink.registry.store.HeartbeatLook;
import com.fleetlink.registry.store.RegistryPage;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the registry fields of dead instances (design §8), safe to run on every sidecar at once.
 * Each sweep classifies first and deletes second: it pages through the registry for the instances
 * it names, looks at each one's heartbeat (with Redis' {@code TIME}) and claim key, and lets
 * {@link DeathWatch} judge; the {@link Breaker} may hold the sweep back; then it pages through again
 * and deletes the fields of the confirmed dead with {@link RegistryStore#deleteDead}, which only
 * deletes a field that still names the dead instance while its heartbeat is still absent. It never
 * touches this instance's own fields (reconcile owns them) nor those of an id another live sidecar
 * claims, and it sweeps only while this sidecar heartbeats. One sidecar sweeps at a time by a
 * lease, for cost only. Confined to the core loop.
 */
public final class Janitor {
    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    /** {@code HSCAN} page size (design §8). */
    static final int PAGE = 500;
    /** Distinct instance names a sweep follows at most; a registry naming more is not a fleet (see the warning). */
    static final int MAX_INSTANCES = 10_000;
    /** Heartbeat looks a sweep has in flight at most. */
    static final int LOOKS_IN_FLIGHT = 64;

    private final CoreLoop loop;
    private final RedisLink link;
    private final DeathWatch deaths;
    private final Journal journal;
    private final JanitorMetrics metrics;
    private final JanitorOptions options;
    private final String instanceId;
    private final String leaseHolder;
    private final Duration leaseTtl;
    private final Duration maxLookGap;
    private final long pagePauseMillis;
    private final BooleanSupplier heartbeating;
    private final Breaker breaker;

    private Sweep current;
    private volatile SweepReport last;
    private volatile String sweeper;
    private volatile long deletedSinceStart;

    /**
     * @param instanceId   this instance's id: never swept
     * @param heartbeatTtl the heartbeat TTL: breaker holds do not bridge sweeps further apart
     * @param pagePause    pause between scan pages
     * @param heartbeating whether this sidecar heartbeats now; a sidecar that does not (its grace
     *                     period ran out) is not part of the live fleet and does not sweep
     */
    public Janitor(CoreLoop loop, RedisLink link, DeathWatch deaths, Journal journal, JanitorMetrics metrics,
                   JanitorOptions options, String instanceId, Duration heartbeatTtl, Duration pagePause,
                   BooleanSupplier heartbeating) {
        this.loop = loop;
        this.link = link;
        this.deaths = deaths;
        this.journal = journal;
        this.metrics = metrics;
        this.options = options;
        this.instanceId = instanceId;
        this.leaseHolder = instanceId + "/" + UUID.randomUUID();
        this.leaseTtl = options.interval().multipliedBy(3);
        this.maxLookGap = heartbeatTtl;
        this.pagePauseMillis = pagePause.toMillis();
        this.heartbeating = heartbeating;
        this.breaker = new Breaker(options.breakerHold(), heartbeatTtl);
    }

    /** Starts sweeping every interval, the first one interval from now; nothing when off. */
    public void start() {
        if (!options.enabled()) {
            return;
        }
        loop.execute(() -> loop.schedule(this::tick, options.interval().toMillis()));
    }

    private void tick() {
        loop.schedule(this::tick, options.interval().toMillis());
        sweepNow();
    }

    /** Starts a sweep now unless one is running or this sidecar may not sweep; on the core loop. */
    void sweepNow() {
        loop.assertInLoop();
        if (current != null) {
            return;
        }
        RegistryStore r = link.writable();
        if (r == null || !heartbeating.getAsBoolean()) {
            breaker.reset();
            return;
        }
        current = new Sweep(r);
        if (options.lease()) {
            loop.whenDone(r.janitorLease(leaseHolder, leaseTtl), (holder, error) -> {
                if (error != null) {
                    current.fail(error);
                } else if (!leaseHolder.equals(holder)) {
                    sweeper = holder.substring(0, Math.max(0, holder.lastIndexOf('/')));
                    breaker.reset();
                    current = null;
                } else {
                    sweeper = instanceId;
                    current.scanNames(RegistryPage.FIRST);
                }
            });
        } else {
            sweeper = instanceId;
            current.scanNames(RegistryPage.FIRST);
        }
    }

    /** The last sweep this sidecar made, or {@code null}. Any thread. */
    public SweepReport lastSweep() {
        return last;
    }

    /** The instance that held the lease when this sidecar last asked (itself when it sweeps), or {@code null}. Any thread. */
    public String sweeper() {
        return sweeper;
    }

    /** Fields this janitor deleted since the sidecar started. Any thread. */
    public long deletedSinceStart() {
        return deletedSinceStart;
    }

    /** The settings. */
    public JanitorOptions options() {
        return options;
    }

    /** One sweep's state, from the lease to the report. */
    private final class Sweep {
        private final RegistryStore store;
        private final long startedAt = loop.currentTimeMillis();
        private final long startedNanos = loop.nanoTime();
        private final Set<String> named = new HashSet<>();
        private final Map<String, HeartbeatLook> looks = new HashMap<>();
        private final Set<String> claimed = new HashSet<>();
        private final Set<String> dead = new TreeSet<>();
        private final ArrayDeque<Batch> batches = new ArrayDeque<>();
        private final ArrayDeque<String> unlooked = new ArrayDeque<>();
        private int deadCount;
        private int outstanding;
        private boolean failed;
        private long deleted;
        private long wouldDelete;
        private long paceStartNanos;
        private long paceBudgetNanos;

        Sweep(RegistryStore store) {
            this.store = store;
        }

        /** Phase one: which instances does the registry name? */
        void scanNames(String cursor) {
            loop.whenDone(store.scanRegistry(cursor, PAGE), (page, error) -> {
                if (error != null) {
                    fail(error);
                    return;
                }
                named.addAll(page.fields().values());
                if (named.size() > MAX_INSTANCES) {
                    log.warn("the registry names more than {} instances; the janitor does not sweep a registry like that",
                            MAX_INSTANCES);
                    finish(false, "the registry names more than " + MAX_INSTANCES + " instances");
                    return;
                }
                next(page, () -> scanNames(page.cursor()), this::look);
            });
        }

        private void next(RegistryPage page, Runnable more, Runnable done) {
            if (link.writable() != store) {
                fail(new StoreFailure.Unsent("the redis connection changed during the sweep", null));
            } else if (page.finished()) {
                done.run();
            } else {
                loop.schedule(more, pagePauseMillis);
            }
        }

        /** Every named instance's heartbeat, and the claim key of each one found absent. */
        private void look() {
            named.add(instanceId);
            unlooked.addAll(named);
            outstanding = named.size();
            for (int i = 0; i < LOOKS_IN_FLIGHT; i++) {
                lookNext();
            }
        }

        /** Looks are windowed: a registry naming thousands of instances must not flood the client's queue. */
        private void lookNext() {
            String instance = unlooked.poll();
            if (instance == null || failed) {
                return;
            }
            loop.whenDone(store.lookHeartbeat(instance), (look, error) -> {
                if (error != null) {
                    answered(error);
                    return;
                }
                looks.put(instance, look);
                if (look.present() || instance.equals(instanceId)) {
                    answered(null);
                    return;
                }
                loop.whenDone(store.isClaimed(instance), (isClaimed, claimError) -> {
                    if (claimError == null && isClaimed) {
                        claimed.add(instance);
                    }
                    answered(claimError);
                });
            });
        }

        private void answered(StoreFailure error) {
            if (failed) {
                return;
            }
            if (error != null) {
                fail(error);
                return;
            }
            if (--outstanding == 0) {
                classify();
            } else {
                lookNext();
            }
        }

        /** Phase one's verdict: who is dead, and may this sweep delete? */
        private void classify() {
            Set<String> absent = new HashSet<>();
            long redisMillis = 0;
            for (Map.Entry<String, HeartbeatLook> e : looks.entrySet()) {
                String instance = e.getKey();
                HeartbeatLook look = e.getValue();
                redisMillis = Math.max(redisMillis, look.redisMillis());
                if (claimed.contains(instance)) {
                    continue;
                }
                DeathWatch.Verdict verdict = deaths.record(instance, look);
                if (!look.present()) {
                    absent.add(instance);
                }
                if (verdict == DeathWatch.Verdict.DEAD && !instance.equals(instanceId)) {
                    dead.add(instance);
                }
            }
            deadCount = dead.size();
            boolean ownPresent = looks.get(instanceId).present();
            if (!ownPresent) {
                breaker.reset();
                log.warn("janitor: this sidecar's own heartbeat was missing on its look (Redis lost keys, or it lapsed); "
                        + "deleting nothing in this sweep");
                suspend("this sidecar's own heartbeat was missing");
                return;
            }
            switch (breaker.judge(named, absent, true, redisMillis)) {
                case TRIPPED -> {
                    String why = absent.size() + " of " + named.size() + " instances look dead";
                    log.warn("janitor: {}: an outage of Redis or of clocks, not of the fleet; deleting nothing in this sweep", why);
                    journal.lifecycle(LifecycleEvent.JANITOR_SUSPENDED, why);
                    suspend("breaker: " + why);
                    return;
                }
                case HELD_OUT -> {
                    String why = absent.size() + " of " + named.size() + " instances stayed dead for "
                            + options.breakerHold().toSeconds() + " s";
                    log.warn("janitor: {}, with Redis and this sidecar's heartbeat answering: they are gone; cleaning {}",
                            why, dead);
                    journal.lifecycle(LifecycleEvent.JANITOR_BREAKER_RELEASED, why);
                }
                case CLOSED -> { }
            }
            if (dead.isEmpty()) {
                finish(false, null);
                return;
            }
            paceStartNanos = loop.nanoTime();
            scanFields(RegistryPage.FIRST);
        }

        private void suspend(String why) {
            metrics.suspended();
            finish(true, why);
        }

        /** Phase two: the dead instances' fields, page by page. */
        private void scanFields(String cursor) {
            loop.whenDone(store.scanRegistry(cursor, PAGE), (page, error) -> {
                if (error != null) {
                    fail(error);
                    return;
                }
                Map<String, List<String>> byOwner = new HashMap<>();
                page.fields().forEach((imei, owner) -> {
                    if (dead.contains(owner)) {
                        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(imei);
                    }
                });
                byOwner.forEach((owner, imeis) -> {
                    int chunk = chunkSize();
                    for (int i = 0; i < imeis.size(); i += chunk) {
                        batches.add(new Batch(owner, imeis.subList(i, Math.min(imeis.size(), i + chunk))));
                    }
                });
                deleteBatches(() -> next(page, () -> scanFields(page.cursor()), () -> finish(false, null)));
            });
        }

        private int chunkSize() {
            return options.maxDeletes() == 0 ? PAGE : Math.max(1, Math.min(PAGE, options.maxDeletes() / 10));
        }

        private void deleteBatches(Runnable then) {
            Batch batch = batches.poll();
            while (batch != null && !dead.contains(batch.owner())) {
                batch = batches.poll();
            }
            if (batch == null) {
                then.run();
                return;
            }
            if (options.dryRun()) {
                wouldDelete += batch.imeis().size();
                deleteBatches(then);
                return;
            }
            Batch sent = batch;
            loop.whenDone(store.deleteDead(sent.owner(), sent.imeis()), (outcome, error) -> {
                if (error != null) {
                    fail(error);
                    return;
                }
                deletedOf(sent.owner(), outcome);
                pace(sent.imeis().size(), () -> deleteBatches(then));
            });
        }

        private void deletedOf(String owner, DeadDeletion outcome) {
            if (outcome.ownerAlive()) {
                dead.remove(owner);
                log.info("janitor: {}'s heartbeat is back; leaving its fields", owner);
                return;
            }
            for (String imei : outcome.deleted()) {
                journal.outcome(RedisOperation.JANITOR_DELETE, imei, RedisOutcome.DELETED, owner);
            }
            deleted += outcome.deleted().size();
            deletedSinceStart += outcome.deleted().size();
            metrics.deleted(outcome.deleted().size());
        }

        /** Keeps deletes under the limit: each one attempted earns its share of a second. */
        private void pace(int attempted, Runnable then) {
            if (options.maxDeletes() == 0) {
                then.run();
                return;
            }
            paceBudgetNanos += attempted * 1_000_000_000L / options.maxDeletes();
            long waitMillis = (paceStartNanos + paceBudgetNanos - loop.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                then.run();
            } else {
                loop.schedule(then, waitMillis);
            }
        }

        void fail(StoreFailure error) {
            if (failed) {
                return;
            }
            failed = true;
            link.failed(error);
            metrics.failed();
            breaker.reset();
            journal.outcome(RedisOperation.JANITOR_SWEEP, null, RedisOutcome.FAILED, error.toString());
            log.warn("janitor sweep failed; the next one starts afresh: {}", error.toString());
            report(false, "failed: " + error.getMessage());
        }

        private void finish(boolean suspended, String note) {
            metrics.swept(deadCount);
            if (options.dryRun()) {
                metrics.wouldDelete(wouldDelete);
                if (wouldDelete > 0) {
                    log.info("janitor dry run: would delete {} fields of {} dead instances {}", wouldDelete, deadCount, dead);
                }
            }
            if (deleted > 0) {
                log.info("janitor deleted {} fields of dead instances {} in {} ms", deleted, dead,
                        (loop.nanoTime() - startedNanos) / 1_000_000);
            }
            report(suspended, note);
        }

        private void report(boolean suspended, String note) {
            last = new SweepReport(startedAt, (loop.nanoTime() - startedNanos) / 1_000_000, named.size(), deadCount,
                    List.copyOf(dead), deleted, wouldDelete, suspended, note);
            current = null;
        }
    }

    private record Batch(String owner, List<String> imeis) {
    }
}
