package com.fleetlink.registry.redis;

import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The registry operations of one instance, each one Redis round trip against the contract of
 * design §1: {@code connections:registry} (IMEI → instance id) and
 * {@code instance:heartbeat:<id>}.
 *
 * <p>Every write is an atomic script that judges freshness by Redis' {@code TIME}: callers pass
 * {@code at}, the moment they decided the write, from {@link RedisClock#now()}. Calls are
 * asynchronous and never wait: with {@code REJECT_COMMANDS} a disconnected client fails them at
 * once, and a timed-out one is "unknown" (it may still run later, which the freshness check keeps
 * harmless).
 */
public final class ConnectionRegistry {
    /** The registry hash every instance shares. */
    public static final String REGISTRY_KEY = "connections:registry";
    /** The prefix of each instance's heartbeat key. */
    public static final String HEARTBEAT_PREFIX = "instance:heartbeat:";
    /**
     * The prefix of each instance's claim key, our own addition to the contract: it holds a random
     * token of the process using the id, so a second process with the same id is noticed.
     */
    public static final String CLAIM_PREFIX = "fleetlink:instance-claim:";

    private static final LuaScript REGISTER = LuaScript.load("register");
    private static final LuaScript REPLACE_DEAD = LuaScript.load("replace-dead");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript DELETE_HEARTBEAT = LuaScript.load("delete-heartbeat");
    /** Marks a repair: snapshot entries carry no decision time. */
    private static final long REPAIR = -1;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String instanceId;
    private final String freshnessMillis;

    /**
     * @param freshness how old a write may be when it executes and still count as fresh
     */
    public ConnectionRegistry(RedisClusterAsyncCommands<String, String> redis, String instanceId, Duration freshness) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.freshnessMillis = Long.toString(freshness.toMillis());
    }

    /**
     * Caches every script in Redis. {@link LuaScript#run} resends a script Redis does not know after
     * its answer, so the first use of each script can land behind commands sent after it; whoever
     * pipelines on a connection (the sidecar on every connect, a replay) loads them first.
     */
    public static CompletionStage<Void> cacheScripts(RedisClusterAsyncCommands<String, String> redis) {
        return CompletableFuture.allOf(Stream.of(REGISTER, REPLACE_DEAD, RELEASE, HEARTBEAT, DELETE_HEARTBEAT)
                .map(script -> script.cache(redis).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** The heartbeat key of {@code instanceId}. */
    public static String heartbeatKey(String instanceId) {
        return HEARTBEAT_PREFIX + instanceId;
    }

    /** This instance's id, the value it writes into the registry. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * A fresh handshake decided at {@code at}: overwrites whoever held the device, unless it executes
     * after the freshness window, when it acts as {@link #repair}.
     */
    public CompletionStage<RegisterOutcome> register(String imei, long at) {
        return registerAll(List.of(new Registration(imei, at))).thenApply(outcomes -> outcomes.get(0));
    }

    /** Restores the field if it is missing; reports the owner when another instance holds it. */
    public CompletionStage<RegisterOutcome> repair(String imei) {
        return registerAll(List.of(Registration.repair(imei))).thenApply(outcomes -> outcomes.get(0));
    }

    /**
     * {@link #register} and {@link #repair} for many devices in one atomic script (one round trip);
     * completes with one outcome per registration, in order.
     */
    public CompletionStage<List<RegisterOutcome>> registerAll(List<Registration> registrations) {
        String[] args = new String[2 + 2 * registrations.size()];
        args[0] = instanceId;
        args[1] = freshnessMillis;
        int i = 2;
        for (Registration r : registrations) {
            args[i++] = r.imei();
            args[i++] = Long.toString(r.at());
        }
        return REGISTER.<List<Object>>run(redis, ScriptOutputType.MULTI, REGISTRY_KEY, args)
                .thenApply(RegisterOutcome::parseAll);
    }

    /**
     * One device to register.
     *
     * @param at when the handshake was decided, in Redis' clock; {@code -1} for a repair
     */
    public record Registration(String imei, long at) {
        /** A repair of {@code imei}: restore if missing, never overwrite. */
        public static Registration repair(String imei) {
            return new Registration(imei, REPAIR);
        }
    }

    /** Takes the field over from {@code deadOwner} only if it still names it; true when taken. */
    public CompletionStage<Boolean> replaceDead(String imei, String deadOwner) {
        return REPLACE_DEAD.<Long>run(redis, ScriptOutputType.INTEGER, REGISTRY_KEY, imei, instanceId, deadOwner)
                .thenApply(taken -> taken == 1L);
    }

    /** Whether {@code instance} has a heartbeat key, i.e. is alive by the contract. */
    public CompletionStage<Boolean> isAlive(String instance) {
        return redis.exists(heartbeatKey(instance)).thenApply(n -> n > 0);
    }

    /**
     * Deletes the device's field if it names this instance (compare-and-delete). Completes with
     * 1 when deleted, 0 when it named someone else or nothing, -1 when the decision went stale.
     */
    public CompletionStage<Long> unregister(String imei, long at) {
        return unregisterAll(List.of(imei), at);
    }

    /** {@link #unregister} for many devices in one atomic script; completes with how many were deleted, or -1 when stale. */
    public CompletionStage<Long> unregisterAll(Collection<String> imeis, long at) {
        String[] args = new String[3 + imeis.size()];
        args[0] = instanceId;
        args[1] = Long.toString(at);
        args[2] = freshnessMillis;
        int i = 3;
        for (String imei : imeis) {
            args[i++] = imei;
        }
        return RELEASE.run(redis, ScriptOutputType.INTEGER, REGISTRY_KEY, args);
    }

    /** Writes this instance's heartbeat with {@code EX ttl}, unless the decision went stale. */
    public CompletionStage<HeartbeatOutcome> heartbeat(long at, Duration ttl) {
        return HEARTBEAT.<List<Object>>run(redis, ScriptOutputType.MULTI, heartbeatKey(instanceId),
                Long.toString(at), freshnessMillis, Long.toString(ttl.toSeconds())).thenApply(HeartbeatOutcome::parse);
    }

    /** Deletes this instance's heartbeat (at shutdown); completes with 1, 0, or -1 when stale. */
    public CompletionStage<Long> deleteHeartbeat(long at) {
        return DELETE_HEARTBEAT.run(redis, ScriptOutputType.INTEGER, heartbeatKey(instanceId),
                Long.toString(at), freshnessMillis);
    }

    /** The claim key of {@code instanceId}. */
    public static String claimKey(String instanceId) {
        return CLAIM_PREFIX + instanceId;
    }

    /**
     * Writes {@code token} into this instance's claim key with {@code EX ttl} and completes with the
     * token it replaced ({@code null} when the key was missing): one {@code SET … GET} on one key.
     */
    public CompletionStage<String> claimInstance(String token, Duration ttl) {
        return redis.setGet(claimKey(instanceId), token, SetArgs.Builder.ex(ttl.toSeconds()));
    }

    /** Remaining TTL of this instance's heartbeat in seconds (-2 missing, -1 no expiry). */
    public CompletionStage<Long> heartbeatTtl() {
        return redis.ttl(heartbeatKey(instanceId));
    }

    /** What the registry says about one device: the owning instance, or {@code null}. */
    public CompletionStage<String> owner(String imei) {
        return redis.hget(REGISTRY_KEY, imei);
    }

    /**
     * One step of a scan over the registry, keeping the IMEIs whose field names this instance.
     * Start with {@link ScanCursor#INITIAL}; the page's cursor is finished when the scan is done.
     */
    public CompletionStage<OwnedPage> scanOwned(ScanCursor cursor, int count) {
        return redis.hscan(REGISTRY_KEY, cursor, ScanArgs.Builder.limit(count)).thenApply((MapScanCursor<String, String> page) -> {
            List<String> owned = new ArrayList<>();
            page.getMap().forEach((imei, owner) -> {
                if (instanceId.equals(owner)) {
                    owned.add(imei);
                }
            });
            return new OwnedPage(page, owned);
        });
    }

    /** A page of {@link #scanOwned}: the cursor to continue from and this instance's IMEIs on the page. */
    public record OwnedPage(ScanCursor cursor, List<String> imeis) {
    }
}
