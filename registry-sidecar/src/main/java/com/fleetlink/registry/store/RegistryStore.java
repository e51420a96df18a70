package com.fleetlink.registry.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What the sidecar core asks of Redis (design §1, §4, §8). Every operation is one round trip on one
 * connection, and operations issued in order execute in that order. Stages may complete on any
 * thread; the core hops back onto its loop. A stage that fails carries a {@link StoreFailure}, which
 * says whether the operation may still have run.
 *
 * <p>Every write takes {@code at}, the moment it was decided, in Redis' clock; the store judges
 * freshness against Redis' own {@code TIME} where the write executes (invariant 4).
 */
public interface RegistryStore {

    /** The instance id this store writes as. */
    String instanceId();

    /** Registers (fresh) or repairs (restore if missing) many devices in one atomic step; one outcome each, in order. */
    CompletionStage<List<RegisterOutcome>> registerAll(List<Registration> registrations);

    /**
     * Deletes each device's field that names this instance (compare-and-delete), and its decision
     * stamp. Completes with how many were deleted, or {@code -1} when the decision went stale.
     */
    CompletionStage<Long> unregisterAll(Collection<String> imeis, long at);

    /**
     * Takes the field over from an owner found dead, only if it still names that owner with the same
     * decision stamp ({@code ownerAt}, {@link RegisterOutcome#NO_STAMP} for none): a re-registration by
     * the owner since the look is never overwritten. True when taken.
     */
    CompletionStage<Boolean> replaceDead(String imei, String deadOwner, long ownerAt, long at);

    /** One look at an instance's heartbeat key, with Redis' {@code TIME} read in the same atomic step. */
    CompletionStage<HeartbeatLook> lookHeartbeat(String instance);

    /**
     * Writes this instance's heartbeat with {@code EX ttl}, unless it is stale when it executes: older
     * than the freshness window or than {@code ttl}, whichever is shorter.
     */
    CompletionStage<HeartbeatOutcome> heartbeat(long at, Duration ttl);

    /** Deletes this instance's heartbeat; completes with 1 or 0, or {@code -1} when stale. */
    CompletionStage<Long> deleteHeartbeat(long at);

    /** Writes {@code token} into this instance's claim key with {@code EX ttl}; completes with the token replaced, or {@code null}. */
    CompletionStage<String> claimInstance(String token, Duration ttl);

    /** One page of a scan over the registry, keeping the devices whose field names this instance. */
    CompletionStage<OwnedPage> scanOwned(String cursor, int count);

    /** One page of a scan over the whole registry (the janitor's; design §8: {@code HSCAN}, never {@code HGETALL}). */
    CompletionStage<RegistryPage> scanRegistry(String cursor, int count);

    /**
     * The janitor's delete (design §8): each device's field goes only if it still names
     * {@code deadOwner}, and only while that owner's heartbeat key is absent — checked in the same
     * atomic step on standalone Redis, by a read just before on Redis Cluster (the key lives in
     * another slot). Never touches a field naming anyone else.
     */
    CompletionStage<DeadDeletion> deleteDead(String deadOwner, List<String> imeis);

    /** Whether a live sidecar claims {@code instance} as its id (its claim key exists). */
    CompletionStage<Boolean> isClaimed(String instance);

    /**
     * Takes the janitor's lease for {@code holder}, or renews it when {@code holder} has it, for
     * {@code ttl}; completes with whoever holds it afterwards. For cost only: correctness never
     * depends on it.
     */
    CompletionStage<String> janitorLease(String holder, Duration ttl);

    /** Redis' {@code TIME} in ms since the epoch. */
    CompletionStage<Long> time();

    /** A round trip that proves every command sent before it on this connection has run. */
    CompletionStage<Void> ping();

    /** The instance the registry names for {@code imei}, or {@code null}. */
    CompletionStage<String> owner(String imei);

    /** Whether {@code instance} has a heartbeat key. */
    CompletionStage<Boolean> isAlive(String instance);

    /** Remaining TTL of this instance's heartbeat in seconds (-2 missing, -1 no expiry). */
    CompletionStage<Long> heartbeatTtl();
}
