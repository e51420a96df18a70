package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.redis.ConnectionRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a second process running with this instance id (a misconfigured fleet). Every heartbeat
 * interval it writes a token of its own, random per process, into
 * {@code fleetlink:instance-claim:<id>} with {@code SET … EX ttl GET}; the heartbeat key itself
 * cannot carry it, its value format is part of the contract. Finding another token there after our
 * own first write means someone else wrote since our last tick: a duplicate. The first write may
 * find an earlier life's token (a restart within the TTL) and does not count.
 *
 * <p>Until one interval has passed with nobody else writing ({@link #aloneConfirmed()}) and while a
 * duplicate is seen, the core stops the bulk deletes that match entries by instance id
 * (reconcile's stray cleanup, release at grace expiry and at shutdown), because those entries may
 * be the other process's. Detection clears once no foreign token was seen for a TTL. Confined to
 * the core loop; the views are readable from any thread.
 */
public final class InstanceClaim {
    private static final Logger log = LoggerFactory.getLogger(InstanceClaim.class);

    private final EventExecutor loop;
    private final RegistryWriter writer;
    private final SidecarMetrics metrics;
    private final Journal journal;
    private final String instanceId;
    private final Duration ttl;
    private final Runnable onCleanupAllowed;
    private final String token = UUID.randomUUID().toString();
    private boolean wroteOnce;
    private volatile boolean aloneConfirmed;
    private volatile boolean detected;
    private volatile long since;
    private volatile long lastSeen;

    /**
     * @param onCleanupAllowed runs on the core loop when bulk deletes become allowed: the id was first
     *        confirmed ours alone, or a duplicate has not been seen for {@code ttl}
     */
    public InstanceClaim(EventExecutor loop, RegistryWriter writer, SidecarMetrics metrics, Journal journal,
                         String instanceId, Duration ttl, Runnable onCleanupAllowed) {
        this.loop = loop;
        this.writer = writer;
        this.metrics = metrics;
        this.journal = journal;
        this.instanceId = instanceId;
        this.ttl = ttl;
        this.onCleanupAllowed = onCleanupAllowed;
    }

    /** Writes the claim once; call every heartbeat interval and after each Redis (re)connect. */
    public void tick() {
        ConnectionRegistry r = writer.registry();
        if (r != null) {
            r.claimInstance(token, ttl).whenComplete((previous, error) -> loop.execute(() -> answered(previous, error)));
        }
        clearIfQuiet();
    }

    private void answered(String previous, Throwable error) {
        if (error != null) {
            // The heartbeat's own failure line already tells of a Redis problem; count, do not repeat it.
            metrics.failure("instance_claim");
            return;
        }
        if (previous != null && !previous.equals(token)) {
            if (wroteOnce) {
                foreignTokenSeen();
            } else {
                log.info("instance id {} was claimed by an earlier process; taking it over", instanceId);
            }
        } else if (wroteOnce && !aloneConfirmed) {
            aloneConfirmed = true;
            if (!detected) {
                // The start's reconcile skipped its cleanup while this was unknown; do it now, not a reconcile interval later.
                onCleanupAllowed.run();
            }
        }
        wroteOnce = true;
    }

    private void foreignTokenSeen() {
        long now = System.currentTimeMillis();
        metrics.duplicateInstanceSeen();
        lastSeen = now;
        if (!detected) {
            detected = true;
            since = now;
            metrics.duplicateInstanceDetected(true);
            journal.lifecycle("duplicate_instance", "another process writes " + ConnectionRegistry.claimKey(instanceId));
            log.error("another process is running with instance id {} (it rewrote {} since our last write); "
                            + "stray cleanup and release-all are suspended until it is gone for {} ms",
                    instanceId, ConnectionRegistry.claimKey(instanceId), ttl.toMillis());
        }
    }

    private void clearIfQuiet() {
        if (detected && System.currentTimeMillis() - lastSeen > ttl.toMillis()) {
            detected = false;
            metrics.duplicateInstanceDetected(false);
            journal.lifecycle("duplicate_instance_cleared", null);
            log.info("no other process with instance id {} seen for {} ms; cleanup resumes", instanceId, ttl.toMillis());
            onCleanupAllowed.run();
        }
    }

    /**
     * Whether the id is ours alone as far as we know: a write after our first found our own token (or
     * none), and no duplicate is seen now. Bulk deletes by instance id wait for this.
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
