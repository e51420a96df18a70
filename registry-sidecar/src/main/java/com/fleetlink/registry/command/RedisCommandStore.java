package com.fleetlink.registry.command;

import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.LuaScript;
import com.fleetlink.registry.redis.StoreFailures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The {@link CommandStore} on a Lettuce connection: each state change is a script of
 * {@code command-lib.lua} + its own file on one device's slot, then the index update and the
 * outbox drain ({@link IndexUpdate} says in which order, and why).
 */
public final class RedisCommandStore implements CommandStore {
    private static final LuaScript ENQUEUE = script("enqueue");
    private static final LuaScript CLAIM = script("claim");
    private static final LuaScript SENT = script("sent");
    private static final LuaScript COMPLETE = script("complete");
    private static final LuaScript REQUEUE = script("requeue");
    private static final LuaScript CANCEL = script("cancel");
    private static final LuaScript SWEEP = script("sweep");
    private static final LuaScript LATE = script("late");
    private static final LuaScript OUTBOX_ACK = LuaScript.load(RedisCommandStore.class, "outbox-ack");
    /** Outbox entries moved to the stream per round trip. */
    private static final int DRAIN_BATCH = 64;
    /** How old an outbox mark must be before the repair drains it: a drain under way ends well before. */
    static final Duration OUTBOX_REPAIR_AGE = Duration.ofSeconds(10);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final CommandStoreOptions options;
    private final ClaimConfirmation confirmation;

    public RedisCommandStore(RedisClusterAsyncCommands<String, String> redis, CommandStoreOptions options) {
        this.redis = redis;
        this.options = options;
        this.confirmation = new ClaimConfirmation(redis, options.durability());
    }

    private static LuaScript script(String name) {
        return LuaScript.load(RedisCommandStore.class, "command-lib", name);
    }

    /** Caches every command script in Redis (see {@link ConnectionRegistry#cacheScripts} for why a pipelining user does). */
    public static CompletionStage<Void> cacheScripts(RedisClusterAsyncCommands<String, String> redis) {
        return CompletableFuture.allOf(Stream.of(ENQUEUE, CLAIM, SENT, COMPLETE, REQUEUE, CANCEL, SWEEP, LATE, OUTBOX_ACK)
                .map(s -> s.cache(redis).toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletionStage<EnqueueResult> enqueue(CommandRequest r) {
        CompletionStage<Boolean> held = r.noQueue() ? liveHolder(r.imei()).thenApply(Optional::isPresent)
                : CompletableFuture.completedFuture(true);
        return held.thenCompose(live -> run(ENQUEUE, r.imei(), r.id(), r.imei(), r.requester(), r.payloadHex(), flag(r.text()),
                Integer.toString(r.codec()), Long.toString(r.expire().toMillis()), Long.toString(r.responseTimeout().toMillis()),
                flag(r.noReply()), Integer.toString(r.maxAttempts()), Integer.toString(options.queueLimit()), flag(r.noQueue()),
                flag(live))).thenCompose(reply -> switch (reply.kind()) {
                    case "created" -> settle(r.imei(), reply.command(), new EnqueueResult.Accepted(reply.command(), true));
                    case "existing" -> CompletableFuture.completedFuture(new EnqueueResult.Accepted(reply.command(), false));
                    case "conflict" -> CompletableFuture.completedFuture(new EnqueueResult.Conflict(reply.command()));
                    case "full" -> CompletableFuture.completedFuture(new EnqueueResult.QueueFull());
                    default -> throw unexpected("enqueue", reply);
                });
    }

    @Override
    public CompletionStage<ClaimResult> claim(String imei, String owner, Duration lease) {
        return run(CLAIM, imei, owner, Long.toString(lease.toMillis())).thenCompose(reply -> {
            IndexUpdate index = new IndexUpdate(imei);
            reply.ids("expired").forEach(index::finished);
            return switch (reply.kind()) {
                case "claimed" -> settle(index.follow(reply.command()), reply.command()).thenCompose(c -> confirmation.confirm()
                        .<ClaimResult>thenApply(kept -> kept ? new ClaimResult.Claimed(c) : new ClaimResult.Unconfirmed(c)));
                case "busy" -> settle(index, new ClaimResult.Busy(reply.command()));
                case "empty" -> settle(index, new ClaimResult.Empty());
                default -> throw unexpected("claim", reply);
            };
        });
    }

    @Override
    public CompletionStage<Transition> markSent(String imei, String id, int attempt, Duration lease) {
        return transition(run(SENT, imei, id, Integer.toString(attempt), Long.toString(lease.toMillis())), imei, "sent");
    }

    @Override
    public CompletionStage<Transition> complete(String imei, String id, int attempt, CommandOutcome outcome) {
        return transition(run(COMPLETE, imei, id, Integer.toString(attempt), outcome.status().word(), outcome.result(),
                outcome.reason()), imei, "complete");
    }

    @Override
    public CompletionStage<Transition> requeue(String imei, String id, int attempt, boolean written, String reason) {
        return transition(run(REQUEUE, imei, id, Integer.toString(attempt), flag(written), reason), imei, "requeue");
    }

    @Override
    public CompletionStage<Transition> recordLate(String imei, String id, int attempt, String result) {
        return transition(run(LATE, imei, id, Integer.toString(attempt), result), imei, "late");
    }

    private CompletionStage<Transition> transition(CompletionStage<ScriptReply> script, String imei, String name) {
        return script.thenCompose(reply -> switch (reply.kind()) {
            case "applied" -> settle(imei, reply.command(), new Transition.Applied(reply.command()));
            case "stale" -> CompletableFuture.completedFuture(new Transition.Stale(reply.command()));
            case "missing" -> CompletableFuture.completedFuture(new Transition.Missing());
            default -> throw unexpected(name, reply);
        });
    }

    @Override
    public CompletionStage<CancelResult> cancel(String imei, String id) {
        return cancel(imei, id, "", "caller");
    }

    @Override
    public CompletionStage<CancelResult> cancelByPolicy(String imei, String id, int attempt) {
        return cancel(imei, id, Integer.toString(attempt), "policy");
    }

    private CompletionStage<CancelResult> cancel(String imei, String id, String attempt, String reason) {
        return run(CANCEL, imei, id, attempt, reason).thenCompose(reply -> switch (reply.kind()) {
            case "applied" -> settle(imei, reply.command(), new CancelResult.Cancelled(reply.command()));
            case "refused" -> CompletableFuture.completedFuture(new CancelResult.InProgress(reply.command()));
            case "final" -> CompletableFuture.completedFuture(new CancelResult.AlreadyFinished(reply.command()));
            case "stale" -> CompletableFuture.completedFuture(new CancelResult.Stale(reply.command()));
            case "missing" -> CompletableFuture.completedFuture(new CancelResult.Missing());
            default -> throw unexpected("cancel", reply);
        });
    }

    @Override
    public CompletionStage<Boolean> hasWork(String imei) {
        return StoreFailures.typed(redis.exists(CommandKeys.queue(imei), CommandKeys.active(imei), CommandKeys.outbox(imei)))
                .thenApply(found -> found > 0);
    }

    @Override
    public CompletionStage<DeviceSweep> sweepDevice(String imei) {
        return run(SWEEP, imei).thenCompose(reply -> {
            IndexUpdate index = new IndexUpdate(imei);
            List<String> finished = reply.ids("finished");
            finished.forEach(index::finished);
            List<String> queued = new ArrayList<>();
            reply.scored("queued").forEach(q -> {
                index.queued(q.getKey(), q.getValue());
                queued.add(q.getKey());
            });
            Map.Entry<String, Long> active = reply.pair("active");
            if (active != null) {
                index.claimed(active.getKey(), active.getValue());
            }
            return settle(index, new DeviceSweep(imei, finished, queued, active == null ? null : active.getKey()));
        });
    }

    @Override
    public CompletionStage<List<DeviceSweep>> sweepDue(int limit) {
        return now().thenCompose(now -> {
            Range<Double> due = Range.create(Double.NEGATIVE_INFINITY, (double) now);
            Limit first = Limit.create(0, limit);
            return StoreFailures.typed(redis.zrangebyscore(CommandKeys.EXPIRY_INDEX, due, first)).thenCompose(expiring ->
                    StoreFailures.typed(redis.zrangebyscore(CommandKeys.LEASE_INDEX, due, first)).thenCompose(lapsing -> {
                        Map<String, List<String>> byDevice = new LinkedHashMap<>();
                        Stream.concat(expiring.stream(), lapsing.stream()).limit(limit).forEach(member ->
                                byDevice.computeIfAbsent(CommandKeys.imeiOf(member), k -> new ArrayList<>()).add(CommandKeys.idOf(member)));
                        List<CompletableFuture<DeviceSweep>> sweeps = byDevice.entrySet().stream()
                                .map(e -> sweepAndForget(e.getKey(), e.getValue()).toCompletableFuture()).toList();
                        return CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new))
                                .thenApply(done -> sweeps.stream().map(CompletableFuture::join).toList());
                    }));
        });
    }

    /** A device's sweep, then the due entries that name none of its unfinished commands (a hash gone, a crash) leave the indexes. */
    private CompletionStage<DeviceSweep> sweepAndForget(String imei, List<String> dueIds) {
        return sweepDevice(imei).thenCompose(sweep -> {
            IndexUpdate index = new IndexUpdate(imei);
            dueIds.stream().filter(id -> !sweep.queued().contains(id) && !id.equals(sweep.active())).forEach(index::finished);
            return index.applyRemoves(redis).thenApply(done -> sweep);
        });
    }

    @Override
    public CompletionStage<Long> repairOutboxes(int limit) {
        return now().thenCompose(now -> {
            Range<Double> left = Range.create(Double.NEGATIVE_INFINITY, (double) (now - OUTBOX_REPAIR_AGE.toMillis()));
            return StoreFailures.typed(redis.zrangebyscore(CommandKeys.OUTBOX_INDEX, left, Limit.create(0, limit)));
        }).thenCompose(imeis -> {
            List<CompletableFuture<Long>> repairs = imeis.stream().map(imei -> drainOutbox(imei)
                    .thenCompose(moved -> redis.zrem(CommandKeys.OUTBOX_INDEX, imei)).toCompletableFuture()).toList();
            return StoreFailures.typed(CompletableFuture.allOf(repairs.toArray(CompletableFuture[]::new)));
        }).thenCompose(repaired -> StoreFailures.typed(redis.zcard(CommandKeys.OUTBOX_INDEX)));
    }

    @Override
    public CompletionStage<QueuedPage> queuedDevices(String cursor, int count) {
        return StoreFailures.typed(redis.zscan(CommandKeys.EXPIRY_INDEX, ScanCursor.of(cursor), ScanArgs.Builder.limit(count)))
                .thenApply(page -> new QueuedPage(page.getValues().stream().map(v -> CommandKeys.imeiOf(v.getValue()))
                        .distinct().toList(), page.getCursor(), page.isFinished()));
    }

    @Override
    public CompletionStage<Integer> drainOutbox(String imei) {
        String outbox = CommandKeys.outbox(imei);
        return StoreFailures.typed(redis.lrange(outbox, 0, DRAIN_BATCH - 1)).thenCompose(entries -> {
            if (entries.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            XAddArgs cap = XAddArgs.Builder.maxlen(options.streamMaxLen()).approximateTrimming();
            // Pipelined on one connection, so the stream keeps the outbox's order.
            List<CompletableFuture<String>> adds = entries.stream()
                    .map(e -> redis.xadd(CommandKeys.EVENTS, cap, ScriptReply.entryFields(e)).toCompletableFuture()).toList();
            return StoreFailures.typed(CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)))
                    .thenCompose(added -> StoreFailures.typed(OUTBOX_ACK.<Long>run(redis, ScriptOutputType.INTEGER,
                            new String[] {outbox}, entries.toArray(String[]::new))))
                    .thenCompose(removed -> entries.size() < DRAIN_BATCH || removed < entries.size()
                            ? CompletableFuture.completedFuture(removed.intValue())
                            : drainOutbox(imei).thenApply(more -> removed.intValue() + more));
        });
    }

    @Override
    public CompletionStage<Optional<StoredCommand>> command(String imei, String id) {
        return StoreFailures.typed(redis.hgetall(CommandKeys.command(imei, id)))
                .thenApply(fields -> fields.isEmpty() ? Optional.empty() : Optional.of(CommandFields.read(fields)));
    }

    @Override
    public CompletionStage<List<StoredCommand>> commands(String imei) {
        return StoreFailures.typed(redis.lrange(CommandKeys.history(imei), 0, -1)).thenCompose(ids -> {
            List<CompletableFuture<Optional<StoredCommand>>> reads = ids.stream()
                    .map(id -> command(imei, id).toCompletableFuture()).toList();
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(done -> reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        });
    }

    @Override
    public CompletionStage<Optional<String>> liveHolder(String imei) {
        return StoreFailures.typed(redis.hget(ConnectionRegistry.REGISTRY_KEY, imei)).thenCompose(owner -> owner == null
                ? CompletableFuture.completedFuture(Optional.<String>empty())
                : StoreFailures.typed(redis.exists(ConnectionRegistry.heartbeatKey(owner)))
                        .thenApply(alive -> alive > 0 ? Optional.of(owner) : Optional.<String>empty()));
    }

    @Override
    public CompletionStage<Long> wake(String instance, String imei) {
        return StoreFailures.typed(redis.publish(CommandKeys.wakeChannel(instance), imei));
    }

    @Override
    public CompletionStage<Persistence> persistence() {
        CompletionStage<Boolean> aof = StoreFailures.typed(redis.info("persistence"))
                .thenApply(info -> info.lines().anyMatch(line -> line.strip().equals("aof_enabled:1")));
        // Managed Redis and restrictive ACLs refuse CONFIG; the AOF flag from INFO still tells the main thing.
        CompletionStage<String> fsync = redis.configGet("appendfsync")
                .handle((config, error) -> error != null || config == null ? Persistence.UNKNOWN_FSYNC
                        : config.getOrDefault("appendfsync", Persistence.UNKNOWN_FSYNC));
        return aof.thenCombine(fsync, Persistence::new);
    }

    private CompletionStage<Long> now() {
        return StoreFailures.typed(redis.time().thenApply(t -> Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000));
    }

    private CompletionStage<ScriptReply> run(LuaScript script, String imei, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Long.toString(options.retention().toMillis());
        System.arraycopy(args, 0, argv, 1, args.length);
        return StoreFailures.typed(script.<String>run(redis, ScriptOutputType.VALUE, CommandKeys.scriptKeys(imei), argv))
                .thenApply(ScriptReply::parse);
    }

    private <T> CompletionStage<T> settle(String imei, StoredCommand state, T result) {
        return settle(new IndexUpdate(imei).follow(state), result);
    }

    /** Index additions, the outbox drain, index removals; then {@code result}. */
    private <T> CompletionStage<T> settle(IndexUpdate index, T result) {
        // The host clock, not Redis': the mark's age only decides when the repair may step in.
        return index.applyAdds(redis, System.currentTimeMillis())
                .thenCompose(added -> drainOutbox(index.imei()))
                .thenCompose(drained -> index.applyRemoves(redis))
                .thenApply(removed -> result);
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static IllegalStateException unexpected(String script, ScriptReply reply) {
        return new IllegalStateException(script + " answered an unknown kind '" + reply.kind() + "'");
    }
}
