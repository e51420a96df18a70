package com.fleetlink.registry.sim;

import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.Registration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Design §4's and §8's invariants, judged against the ground truth. As each registry write executes: a
 * fresh registration never overwrites a field written from a handshake decided later (rule 4, "a loser
 * overwrote a winner"), a compare-and-delete never removes a field naming someone else (rule 3), and a
 * janitor never deletes a field that names a live instance (§8), nor one naming anyone but the instance
 * it judged dead, nor one of its own instance. After every step: memory stays bounded (rule 2). At the
 * end, after a quiet convergence period: every device whose latest socket is open on a healthy instance
 * is routed there, no field names an instance that does not hold its device, none names or heartbeats
 * for an instance that died for good (the janitors cleaned up after it), every instance with a trusted
 * ingestion has its heartbeat, and each sidecar's held set is what its ingestion holds. Commands'
 * claims, leases and fencing are judged by {@link CommandInvariants}, which it runs beside these.
 *
 * <p><b>Live</b>, for the janitor's invariant, is judged at the moment a janitor's delete executes,
 * at Redis time {@code T}, from every heartbeat write, delete and flush as it executed in Redis (not as
 * any sidecar saw it): an instance is live when its heartbeat key existed at any moment of
 * {@code [T - deathConfirm, T]}: it exists now, or it expired (its last write's {@code EX} ran out)
 * or was lost to Redis restarting empty less than {@code deathConfirm} ago. That is §8's "dead" seen by
 * an observer that misses no look: absent on every look over the confirm period. It follows that a
 * live, connected sidecar (which writes every heartbeat interval, at most half the confirm period) is
 * never swept, while one cut off from Redis for longer than its TTL plus the confirm period is dead in
 * Redis' view and its fields may go (its reconcile restores them when it returns). One exception: an
 * instance whose own delete removed its key (its release when the grace period ran out, or at
 * shutdown) declared itself gone and holds nothing, so it is not live from that delete until it
 * writes its heartbeat again.
 */
final class InvariantChecker implements RegistryWatch {
    /**
     * How much later than the overwriting one a field's decision must be to count as a loser winning.
     * Decisions are stamped with each sidecar's estimate of Redis' clock, which is off by up to half
     * the round trip of the {@code TIME} it was measured with, and an answer later than the command
     * timeout is never used.
     */
    static final long ORDER_TOLERANCE_MS = Simulation.COMMAND_TIMEOUT.toMillis() / 2 + 10;
    /** Commands a connection may have unanswered beyond two per device: heartbeats, claims, probes, scans. */
    private static final int QUEUE_SLACK = 64;

    private final long seed;
    private final SimTrace trace;
    private SimRedisServer redis;
    private List<SimInstance> instances = List.of();
    private DeviceFleet fleet;
    /** Each field's writer and the handshake time it was decided from, as last written with a decision stamp. */
    private final Map<String, Written> written = new HashMap<>();

    private record Written(String owner, long decidedAt) {
    }

    private final long deathConfirmMillis = SimEnv.options("any").deathConfirm().toMillis();
    /** Each instance's heartbeat key as it last changed in Redis. */
    private final Map<String, Beat> beats = new HashMap<>();
    /** Fields janitors deleted so far. */
    private long janitorDeletes;
    private final CommandInvariants commands = new CommandInvariants(this::fail);

    /**
     * One instance's heartbeat key: the last Redis ms it existed (its expiry while it stands), and
     * whether the instance's own delete removed it.
     */
    private record Beat(long presentUntil, boolean deletedByOwner) {
    }

    InvariantChecker(long seed, SimTrace trace) {
        this.seed = seed;
        this.trace = trace;
    }

    /** What to check once the world is built (it needs the checker to be built first). */
    void watch(SimRedisServer redis, List<SimInstance> instances, DeviceFleet fleet) {
        this.redis = redis;
        this.instances = List.copyOf(instances);
        this.fleet = fleet;
        commands.watch(redis.data(), instances);
    }

    /** The eye on commands, for the world's command store and ingestions. */
    CommandInvariants commands() {
        return commands;
    }

    // ---- as writes execute ----

    @Override
    public void registered(String instance, List<Registration> registrations, long[] decidedAt, Map<String, String> before,
                           List<RegisterOutcome> outcomes) {
        for (int i = 0; i < registrations.size(); i++) {
            String imei = registrations.get(i).imei();
            RegisterOutcome.Kind kind = outcomes.get(i).kind();
            if (kind == RegisterOutcome.Kind.FRESH) {
                String loser = before.get(imei);
                Written w = written.get(imei);
                if (loser != null && !loser.equals(instance) && w != null && w.owner().equals(loser)
                        && decidedAt[i] >= 0 && w.decidedAt() > decidedAt[i] + ORDER_TOLERANCE_MS) {
                    fail("loser overwrote winner: " + instance + "'s registration of " + imei + " decided at "
                            + decidedAt[i] + " overwrote " + loser + "'s decided at " + w.decidedAt());
                }
            }
            if (kind == RegisterOutcome.Kind.FRESH || kind == RegisterOutcome.Kind.RESTORED) {
                record(imei, instance, registrations.get(i).at(), decidedAt[i]);
            }
        }
    }

    @Override
    public void released(String instance, Map<String, String> before, Map<String, String> after) {
        before.forEach((imei, owner) -> {
            if (!after.containsKey(imei) && !owner.equals(instance)) {
                fail("compare-and-delete by " + instance + " removed " + imei + ", which named " + owner);
            }
        });
    }

    @Override
    public void replaced(String instance, String imei, long at, long decidedAt, String previousOwner) {
        record(imei, instance, at, decidedAt);
    }

    @Override
    public void swept(String janitor, String deadOwner, Map<String, String> before, Map<String, String> after) {
        long now = redis.data().time();
        before.forEach((imei, owner) -> {
            if (after.containsKey(imei)) {
                return;
            }
            janitorDeletes++;
            if (!owner.equals(deadOwner)) {
                fail("the janitor of " + janitor + " deleted " + imei + ", which named " + owner + ", not the dead " + deadOwner);
            }
            if (owner.equals(janitor)) {
                fail("the janitor of " + janitor + " deleted " + imei + ", a field of its own instance");
            }
            Beat beat = beats.get(owner);
            if (beat != null && !beat.deletedByOwner() && now - beat.presentUntil() < deathConfirmMillis) {
                String heartbeat = beat.presentUntil() >= now ? "its heartbeat key exists"
                        : "its heartbeat key was there " + (now - beat.presentUntil())
                        + " ms ago, less than the confirm period of " + deathConfirmMillis + " ms";
                fail("the janitor of " + janitor + " deleted " + imei + ", which names the live " + owner + ": " + heartbeat);
            }
        });
    }

    @Override
    public void heartbeatWritten(String instance, long expiresAt) {
        beats.put(instance, new Beat(expiresAt, false));
    }

    @Override
    public void heartbeatDeleted(String instance) {
        beats.put(instance, new Beat(redis.data().time(), true));
    }

    @Override
    public void flushed(long at) {
        commands.flushing();
        beats.replaceAll((instance, beat) -> beat.presentUntil() > at ? new Beat(at, beat.deletedByOwner()) : beat);
    }

    /** Fields janitors deleted so far. */
    long janitorDeletes() {
        return janitorDeletes;
    }

    /**
     * Only a field written with its decision stamp is protected from earlier decisions (rule 4): one
     * written without (a repair whose decision time nobody knows) is fair game for any fresh registration.
     */
    private void record(String imei, String instance, long at, long decidedAt) {
        if (at >= 0) {
            written.put(imei, new Written(instance, decidedAt));
        } else {
            written.remove(imei);
        }
    }

    // ---- after every step ----

    /** Memory bounds (rule 2): state, not commands, whatever Redis does. */
    void afterStep() {
        int devices = fleet.size();
        for (SimInstance instance : instances) {
            SidecarCore core = instance.core();
            if (core == null) {
                continue;
            }
            if (core.held().size() > devices) {
                fail(instance.id() + " holds " + core.held().size() + " devices of " + devices);
            }
            if (core.writer().pending() > 2 * devices) {
                fail(instance.id() + "'s writer has " + core.writer().pending() + " devices pending, fleet " + devices);
            }
            SimConnection c = instance.redis().connection();
            if (c != null && c.unansweredWork() > 2 * devices + QUEUE_SLACK) {
                fail(instance.id() + "'s Redis connection has " + c.unansweredWork() + " commands unanswered, fleet " + devices);
            }
            if (c != null && c.excessPings() > 1) {
                fail(instance.id() + " sends probes faster than one per command timeout: " + c.excessPings() + " too many unanswered");
            }
        }
        commands.afterStep();
    }

    // ---- at the end ----

    /** The end invariants, after faults stopped and the convergence period passed with every ingestion healthy. */
    void atEnd() {
        Map<String, String> registry = redis.data().registry();
        for (SimInstance instance : instances) {
            if (instance.gone()) {
                cleanedUp(instance, registry);
            } else {
                instanceConverged(instance);
            }
        }
        for (DeviceFleet.Device d : fleet.devices()) {
            String expected = d.instance < 0 ? null : instances.get(d.instance).id();
            if (fleet.latestOpen(d) && !expected.equals(registry.get(d.imei))) {
                fail("not converged: " + d.imei + " is held by " + expected + " (conn " + d.conn + ") but routed to "
                        + registry.get(d.imei));
            }
        }
        registry.forEach((imei, owner) -> {
            SimInstance holder = instances.stream().filter(i -> i.id().equals(owner)).findFirst().orElse(null);
            if (holder == null || !holder.ingestion().channels().containsKey(imei)) {
                fail("stale field: " + imei + " names " + owner + ", which does not hold it");
            }
        });
        commands.atEnd();
    }

    /** Nothing is left of an instance that died for good: the janitors removed its fields, its heartbeat expired. */
    private void cleanedUp(SimInstance instance, Map<String, String> registry) {
        List<String> left = registry.entrySet().stream().filter(e -> e.getValue().equals(instance.id()))
                .map(Map.Entry::getKey).toList();
        if (!left.isEmpty()) {
            fail("not cleaned up: " + left.size() + " fields still name " + instance.id() + ", dead for good since "
                    + instance.goneAt() + ": " + left);
        }
        if (redis.data().heartbeatExists(instance.id())) {
            fail(instance.id() + ", dead for good since " + instance.goneAt() + ", still has a heartbeat key");
        }
    }

    /** Its ingestion is trusted again, its heartbeat is there, and the sidecar holds what the ingestion holds. */
    private void instanceConverged(SimInstance instance) {
        if (!trusted(instance)) {
            fail(instance.id() + "'s ingestion is not attached and trusted after the convergence period");
        }
        if (!redis.data().heartbeatExists(instance.id())) {
            fail(instance.id() + " has a trusted ingestion attached but no heartbeat key");
        }
        SidecarCore core = instance.core();
        if (!core.held().imeis().equals(instance.ingestion().channels().keySet())) {
            fail(instance.id() + " holds " + core.held().imeis() + " but its ingestion holds "
                    + instance.ingestion().channels().keySet());
        }
    }

    private static boolean trusted(SimInstance instance) {
        SidecarCore core = instance.core();
        return core != null && core.sessionView() != null && !core.sessionView().probation();
    }

    void fail(String violation) {
        throw new SimulationFailure(seed, violation, trace.tail());
    }
}
