package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a second process running with this instance id (a misconfigured fleet). Every heartbeat
 * interval it writes a token of its own, random per process, into
 * {@code fleetlink:instance-claim:<id>} with {@code SET … EX ttl GET}; the heartbeat key itself
 * cannot carry it, its value format is part of the contract. Finding another token there after our
 * own first write means someone else wrote since our last write: a duplicate. The first write may
 * find an earlier life's token (a restart within the TTL) and does not count.
 *
 * <p>The id counts as ours alone ({@link #aloneConfirmed()}) only once a write found our own token
 * and came at least one interval after the write before it: the other process writes once an
 * interval, so a shorter gap (a write right after a Redis reconnect) proves nothing, nor does a
 * missing key (Redis restarted empty). Until then, and while a duplicate is seen, the core stops the
 * bulk deletes that match entries by instance id (reconcile's stray cleanup, release at grace expiry
 * and at shutdown), because those entries may be the other process's. Detection clears once no
 * foreign token was seen for a TTL. Confined to the core loop; the views are readable from any thread.
 */
public final class InstanceClaim {
    private static final Logger log = LoggerFactory.getLogger(InstanceClaim.class);

    private final CoreLoop loop;
    private final RedisLink link;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final String instanceId;
    private final Duration interval;
    private final Duration ttl;
    private final Runnable onCleanupAllowed;
    private final String token = UUID.randomUUID().toString();
    /** Monotonic ns of our last write that Redis answered, or {@link Long#MIN_VALUE} before the first. */
    private long lastWriteNanos = Long.MIN_VALUE;
    private volatile boolean aloneConfirmed;
    private volatile boolean detected;
    private volatile long since;
    private volatile long lastSeen;
    private long lastSeenNanos;

    /**
     * @param onCleanupAllowed runs on the core loop when bulk deletes become allowed: the id was first
     *        confirmed ours alone, or a duplicate has not been seen for {@code ttl}
     */
    public InstanceClaim(CoreLoop loop, RedisLink link, SidecarMetrics metrics, Journal journal, String instanceId,
                         Duration interval, Duration ttl, Runnable onCleanupAllowed) {
        this.loop = loop;
        this.link = link;
        this.metrics = metrics;
        this.journal = journal;
        this.instanceId = instanceId;
        this.interval = interval;
        this.ttl = ttl;
        this.onCleanupAllowed = onCleanupAllowed;
    }

    /** Writes the claim once; call every heartbeat interval and after each Redis (re)connect. */
    public void tick() {
        loop.assertInLoop();
        RegistryStore r = link.writable();
        if (r != null) {
            long sentNanos = loop.nanoTime();
            loop.whenDone(r.claimInstance(token, ttl), (previous, error) -> answered(previous, error, sentNanos));
        }
        clearIfQuiet();
    }

    private void answered(String previous, Throwable error, long sentNanos) {
        if (error != null) {
            // The heartbeat's own failure line already tells of a Redis problem; count, do not repeat it.
            metrics.failure("instance_claim");
            return;
        }
        boolean wroteBefore = lastWriteNanos != Long.MIN_VALUE;
        boolean intervalApart = wroteBefore && sentNanos - lastWriteNanos >= interval.toNanos();
        if (previous != null && !previous.equals(token)) {
            if (wroteBefore) {
                foreignTokenSeen();
            } else {
                log.info("instance id {} was claimed by an earlier process; taking it over", instanceId);
            }
        } else if (token.equals(previous) && intervalApart && !aloneConfirmed) {
            aloneConfirmed = true;
            if (!detected) {
                // The start's reconcile skipped its cleanup while this was unknown; do it now, not a reconcile interval later.
                onCleanupAllowed.run();
            }
        }
        if (!wroteBefore || intervalApart) {
            lastWriteNanos = sentNanos;
        }
    }

    private void foreignTokenSeen() {
        metrics.duplicateInstanceSeen();
        lastSeen = loop.currentTimeMillis();
        lastSeenNanos = loop.nanoTime();
        if (!detected) {
            detected = true;
            since = lastSeen;
            metrics.duplicateInstanceDetected(true);
            journal.lifecycle(LifecycleEvent.DUPLICATE_INSTANCE, "another process writes " + claimKey());
            log.error("another process is running with instance id {} (it rewrote {} since our last write); "
                            + "stray cleanup and release-all are suspended until it is gone for {} ms",
                    instanceId, claimKey(), ttl.toMillis());
        }
    }

    private String claimKey() {
        return "fleetlink:instance-claim:" + instanceId;
    }

    private void clearIfQuiet() {
        if (detected && loop.nanoTime() - lastSeenNanos > ttl.toNanos()) {
            detected = false;
            metrics.duplicateInstanceDetected(false);
            journal.lifecycle(LifecycleEvent.DUPLICATE_INSTANCE_CLEARED, null);
            log.info("no other process with instance id {} seen for {} ms; cleanup resumes", instanceId, ttl.toMillis());
            onCleanupAllowed.run();
        }
    }

    /**
     * Whether the id is ours alone as far as we know: a write an interval after our previous one found
     * our own token, and no duplicate is seen now. Bulk deletes by instance id wait for this.
     */
    public boolean aloneConfirmed() {
        return aloneConfirmed && !detected;
    }

    /** Whether another process with this id is seen now. */
    public boolean duplicateDetected() {
        return detected;
    }

    /** Wall-clock ms when the current (or last) duplicate was first seen, 0 if never. */
    public long since() {
        return since;
    }

    /** Wall-clock ms of the last sighting of another process's token, 0 if never. */
    public long lastSeen() {
        return lastSeen;
    }
}
