package com.fleetlink.registry.redis;

import com.fleetlink.registry.store.DeadDeletion;
import com.fleetlink.registry.store.HeartbeatLook;
import com.fleetlink.registry.store.HeartbeatOutcome;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.RegistryPage;
import com.fleetlink.registry.store.Registration;
import com.fleetlink.registry.store.RegistryStore;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.ObjLongConsumer;
import java.util.stream.Collectors;

/**
 * The {@link RegistryStore} on a Lettuce connection, against the contract of design §1:
 * {@code connections:registry} (IMEI → instance id), {@code instance:heartbeat:<id>}, and our own
 * decision stamps in {@code {connections:registry}:at} (IMEI → {@code at|writer}), whose hash tag
 * puts them in the registry's Cluster slot so one script may touch both.
 *
 * <p>Every write is an atomic script that judges freshness by Redis' {@code TIME}. Calls never
 * wait: with {@code REJECT_COMMANDS} a disconnected client fails them at once; failures reach the
 * caller as {@link com.fleetlink.registry.store.StoreFailure}s.
 */
public final class ConnectionRegistry implements RegistryStore {
    /** The registry hash every instance shares. */
    public static final String REGISTRY_KEY = "connections:registry";
    /** Our decision stamp of each field, in the registry's Cluster slot: IMEI → {@code at|writer}. */
    public static final String STAMPS_KEY = "{connections:registry}:at";
    /** The prefix of each instance's heartbeat key. */
    public static final String HEARTBEAT_PREFIX = "instance:heartbeat:";
    /**
     * The prefix of each instance's claim key, our own addition to the contract: it holds a random
     * token of the process using the id, so a second process with the same id is noticed.
     */
    public static final String CLAIM_PREFIX = "fleetlink:instance-claim:";
    /** The janitor's lease (design §8): the holder's id and token, with a short expiry. */
    public static final String JANITOR_LEASE_KEY = "fleetlink:janitor:lease";

    private static final String[] REGISTRY_KEYS = {REGISTRY_KEY, STAMPS_KEY};
    /** register.lua's words, looked up once: a batch answers one per device. */
    private static final Map<String, RegisterOutcome.Kind> KIND_OF_WORD = Arrays.stream(RegisterOutcome.Kind.values())
            .collect(Collectors.toUnmodifiableMap(RegisterOutcome.Kind::word, kind -> kind));
    private static final LuaScript REGISTER = LuaScript.load("register");
    private static final LuaScript REPLACE_DEAD = LuaScript.load("replace-dead");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript DELETE_HEARTBEAT = LuaScript.load("delete-heartbeat");
    private static final LuaScript LOOK_HEARTBEAT = LuaScript.load("look-heartbeat");
    private static final LuaScript DELETE_DEAD = LuaScript.load("delete-dead");
    private static final LuaScript JANITOR_LEASE = LuaScript.load("janitor-lease");
    private static final List<LuaScript> SCRIPTS = List.of(REGISTER, REPLACE_DEAD, RELEASE, HEARTBEAT, DELETE_HEARTBEAT,
            LOOK_HEARTBEAT, DELETE_DEAD, JANITOR_LEASE);
    /** The operation label of each script, for {@code teltonika_registry_redis_script_seconds}. */
    public static final List<String> SCRIPT_OPERATIONS = SCRIPTS.stream().map(LuaScript::operation).toList();

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String instanceId;
    private final long freshnessMillis;
    /** On Redis Cluster a script may only touch one slot: the heartbeat check before a delete is then a separate read. */
    private final boolean cluster;
    private final ObjLongConsumer<String> scriptLatency;

    /**
     * @param freshness how old a write may be when it executes and still count as fresh
     */
    public ConnectionRegistry(RedisClusterAsyncCommands<String, String> redis, String instanceId, Duration freshness) {
        this(redis, instanceId, freshness, (operation, nanos) -> { });
    }

    /**
     * @param freshness     how old a write may be when it executes and still count as fresh
     * @param scriptLatency told of each script's {@link #SCRIPT_OPERATIONS operation} and the nanoseconds from
     *                      sending it to its answer, on the thread that completes it
     */
    public ConnectionRegistry(RedisClusterAsyncCommands<String, String> redis, String instanceId, Duration freshness,
                              ObjLongConsumer<String> scriptLatency) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.freshnessMillis = freshness.toMillis();
        this.cluster = redis instanceof RedisAdvancedClusterAsyncCommands;
        this.scriptLatency = scriptLatency;
    }

    /**
     * Caches every script in Redis. {@link LuaScript#run} resends a script Redis does not know after
     * its answer, so the first use of each script can land behind commands sent after it; whoever
     * pipelines on a connection (the sidecar on every connect, a replay) loads them first.
     */
    public static CompletionStage<Void> cacheScripts(RedisClusterAsyncCommands<String, String> redis) {
        return CompletableFuture.allOf(SCRIPTS.stream()
                .map(script -> script.cache(redis).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** Runs {@code script} and tells {@link #scriptLatency} how long Redis took to answer. */
    private <T> CompletionStage<T> run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        long sent = System.nanoTime();
        CompletionStage<T> answer = script.run(redis, type, keys, args);
        return answer.whenComplete((value, error) -> scriptLatency.accept(script.operation(), System.nanoTime() - sent));
    }

    private <T> CompletionStage<T> run(LuaScript script, ScriptOutputType type, String key, String... args) {
        return run(script, type, new String[] {key}, args);
    }

    /** The heartbeat key of {@code instanceId}. */
    public static String heartbeatKey(String instanceId) {
        return HEARTBEAT_PREFIX + instanceId;
    }

    /** The claim key of {@code instanceId}. */
    public static String claimKey(String instanceId) {
        return CLAIM_PREFIX + instanceId;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    /** A fresh handshake decided at {@code at}, alone. */
    public CompletionStage<RegisterOutcome> register(String imei, long at) {
        return registerAll(List.of(Registration.fresh(imei, at))).thenApply(outcomes -> outcomes.get(0));
    }

    /** A repair of {@code imei} with no known decision time, alone. */
    public CompletionStage<RegisterOutcome> repair(String imei) {
        return registerAll(List.of(Registration.repair(imei, Registration.UNKNOWN_AT))).thenApply(outcomes -> outcomes.get(0));
    }

    @Override
    public CompletionStage<List<RegisterOutcome>> registerAll(List<Registration> registrations) {
        String[] args = new String[2 + 3 * registrations.size()];
        args[0] = instanceId;
        args[1] = Long.toString(freshnessMillis);
        int i = 2;
        for (Registration r : registrations) {
            args[i++] = r.imei();
            args[i++] = Long.toString(r.at());
            args[i++] = r.fresh() ? "1" : "0";
        }
        return StoreFailures.typed(this.<List<Object>>run(REGISTER, ScriptOutputType.MULTI, REGISTRY_KEYS, args)
                .thenApply(ConnectionRegistry::outcomes));
    }

    /** Each outcome is its kind's word, followed by owner and stamp only for the kinds that name an owner. */
    private static List<RegisterOutcome> outcomes(List<Object> reply) {
        List<RegisterOutcome> outcomes = new ArrayList<>(reply.size());
        int i = 0;
        while (i < reply.size()) {
            RegisterOutcome.Kind kind = kindOf((String) reply.get(i++));
            if (kind == RegisterOutcome.Kind.SUPERSEDED || kind == RegisterOutcome.Kind.CONFLICT) {
                outcomes.add(new RegisterOutcome(kind, (String) reply.get(i), Long.parseLong((String) reply.get(i + 1))));
                i += 2;
            } else {
                outcomes.add(RegisterOutcome.of(kind));
            }
        }
        return outcomes;
    }

    private static RegisterOutcome.Kind kindOf(String word) {
        RegisterOutcome.Kind kind = KIND_OF_WORD.get(word);
        return kind != null ? kind : RegisterOutcome.Kind.ofWord(word);
    }

    @Override
    public CompletionStage<Boolean> replaceDead(String imei, String deadOwner, long ownerAt, long at) {
        return StoreFailures.typed(this.<Long>run(REPLACE_DEAD, ScriptOutputType.INTEGER, REGISTRY_KEYS,
                imei, instanceId, deadOwner, Long.toString(ownerAt), Long.toString(at)).thenApply(taken -> taken == 1L));
    }

    /** A takeover whose judgement is already made (a replayed log's): any stamp of the dead owner will do. */
    public CompletionStage<Boolean> replaceDeadAsLogged(String imei, String deadOwner) {
        return StoreFailures.typed(this.<Long>run(REPLACE_DEAD, ScriptOutputType.INTEGER, REGISTRY_KEYS,
                imei, instanceId, deadOwner, "*", Long.toString(Registration.UNKNOWN_AT)).thenApply(taken -> taken == 1L));
    }

    @Override
    public CompletionStage<HeartbeatLook> lookHeartbeat(String instance) {
        return StoreFailures.typed(this.<List<Object>>run(LOOK_HEARTBEAT, ScriptOutputType.MULTI, heartbeatKey(instance))
                .thenApply(reply -> new HeartbeatLook((Long) reply.get(0) == 1L, (Long) reply.get(1))));
    }

    @Override
    public CompletionStage<Boolean> isAlive(String instance) {
        return StoreFailures.typed(redis.exists(heartbeatKey(instance)).thenApply(n -> n > 0));
    }

    /** {@link #unregisterAll} of one device. */
    public CompletionStage<Long> unregister(String imei, long at) {
        return unregisterAll(List.of(imei), at);
    }

    @Override
    public CompletionStage<Long> unregisterAll(Collection<String> imeis, long at) {
        String[] args = new String[3 + imeis.size()];
        args[0] = instanceId;
        args[1] = Long.toString(at);
        args[2] = Long.toString(freshnessMillis);
        int i = 3;
        for (String imei : imeis) {
            args[i++] = imei;
        }
        return StoreFailures.typed(run(RELEASE, ScriptOutputType.INTEGER, REGISTRY_KEYS, args));
    }

    @Override
    public CompletionStage<HeartbeatOutcome> heartbeat(long at, Duration ttl) {
        long maxAge = Math.min(freshnessMillis, ttl.toMillis());
        return StoreFailures.typed(this.<List<Object>>run(HEARTBEAT, ScriptOutputType.MULTI, heartbeatKey(instanceId),
                Long.toString(at), Long.toString(maxAge), Long.toString(ttl.toSeconds())).thenApply(reply -> {
            boolean stale = "stale".equals(reply.get(0));
            return new HeartbeatOutcome(stale, !stale && ((Long) reply.get(1)) == 1L);
        }));
    }

    @Override
    public CompletionStage<Long> deleteHeartbeat(long at) {
        return StoreFailures.typed(run(DELETE_HEARTBEAT, ScriptOutputType.INTEGER, heartbeatKey(instanceId),
                Long.toString(at), Long.toString(freshnessMillis)));
    }

    @Override
    public CompletionStage<String> claimInstance(String token, Duration ttl) {
        return StoreFailures.typed(redis.setGet(claimKey(instanceId), token, SetArgs.Builder.ex(ttl.toSeconds())));
    }

    @Override
    public CompletionStage<Long> heartbeatTtl() {
        return StoreFailures.typed(redis.ttl(heartbeatKey(instanceId)));
    }

    @Override
    public CompletionStage<String> owner(String imei) {
        return StoreFailures.typed(redis.hget(REGISTRY_KEY, imei));
    }

    @Override
    public CompletionStage<Long> time() {
        return StoreFailures.typed(redis.time().thenApply(t -> Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000));
    }

    @Override
    public CompletionStage<Void> ping() {
        return StoreFailures.typed(redis.ping().thenApply(pong -> null));
    }

    @Override
    public CompletionStage<OwnedPage> scanOwned(String cursor, int count) {
        ScanCursor from = ScanCursor.of(cursor);
        return StoreFailures.typed(redis.hscan(REGISTRY_KEY, from, ScanArgs.Builder.limit(count)).thenApply((MapScanCursor<String, String> page) -> {
            List<String> owned = new ArrayList<>();
            page.getMap().forEach((imei, owner) -> {
                if (instanceId.equals(owner)) {
                    owned.add(imei);
                }
            });
            return new OwnedPage(page.getCursor(), owned, page.isFinished());
        }));
    }

    @Override
    public CompletionStage<RegistryPage> scanRegistry(String cursor, int count) {
        return StoreFailures.typed(redis.hscan(REGISTRY_KEY, ScanCursor.of(cursor), ScanArgs.Builder.limit(count))
                .thenApply((MapScanCursor<String, String> page) -> new RegistryPage(page.getCursor(), page.getMap(),
                        page.isFinished())));
    }

    @Override
    public CompletionStage<DeadDeletion> deleteDead(String deadOwner, List<String> imeis) {
        String[] args = new String[1 + imeis.size()];
        args[0] = deadOwner;
        for (int i = 0; i < imeis.size(); i++) {
            args[i + 1] = imeis.get(i);
        }
        if (!cluster) {
            return runDeleteDead(new String[] {REGISTRY_KEY, STAMPS_KEY, heartbeatKey(deadOwner)}, args);
        }
        return StoreFailures.typed(redis.exists(heartbeatKey(deadOwner))).thenCompose(present -> present > 0
                ? CompletableFuture.completedFuture(new DeadDeletion(true, List.of()))
                : runDeleteDead(REGISTRY_KEYS, args));
    }

    private CompletionStage<DeadDeletion> runDeleteDead(String[] keys, String[] args) {
        return StoreFailures.typed(this.<List<Object>>run(DELETE_DEAD, ScriptOutputType.MULTI, keys, args).thenApply(reply -> {
            if ("alive".equals(reply.get(0))) {
                return new DeadDeletion(true, List.of());
            }
            List<String> deleted = new ArrayList<>(reply.size() - 1);
            for (int i = 1; i < reply.size(); i++) {
                deleted.add((String) reply.get(i));
            }
            return new DeadDeletion(false, deleted);
        }));
    }

    @Override
    public CompletionStage<Boolean> isClaimed(String instance) {
        return StoreFailures.typed(redis.exists(claimKey(instance)).thenApply(n -> n > 0));
    }

    @Override
    public CompletionStage<String> janitorLease(String holder, Duration ttl) {
        return StoreFailures.typed(this.<String>run(JANITOR_LEASE, ScriptOutputType.VALUE, new String[] {JANITOR_LEASE_KEY},
                holder, Long.toString(ttl.toMillis())));
    }
}
