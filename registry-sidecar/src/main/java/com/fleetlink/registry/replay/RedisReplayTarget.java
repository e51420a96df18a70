package com.fleetlink.registry.replay;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisSession;
import com.fleetlink.registry.redis.RedisSettings;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code replay --apply}: sends the replayed registry writes to a scratch Redis through the
 * sidecar's own scripts ({@link ConnectionRegistry}), each as the instance that made it, so a bug
 * seen in production can be reproduced on a Redis nobody else uses. Writes are decided now (the
 * log's times are long past and would make every one stale) and pipelined on one connection, which
 * keeps their order once every script is cached (a {@code NOSCRIPT} retry would land late).
 */
final class RedisReplayTarget implements Consumer<RegistryOp>, AutoCloseable {
    /** Writes outstanding at once before waiting for their answers. */
    private static final int WINDOW = 1000;

    private final String uri;
    private final Duration timeout;
    private final RedisSession session;
    private final RedisClusterAsyncCommands<String, String> commands;
    /** Redis' clock minus ours, measured once at open: every replayed write counts as decided now. */
    private long offsetMillis;
    private final Map<String, ConnectionRegistry> byInstance = new HashMap<>();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private long written;

    private RedisReplayTarget(String uri, Duration timeout, RedisSession session) {
        this.uri = uri;
        this.timeout = timeout;
        this.session = session;
        this.commands = session.commands();
    }

    /**
     * Connects and checks that the registry hash is empty.
     *
     * @throws CommandFailure.OperationFailed when Redis cannot be reached, or its registry has entries and {@code force} is off
     */
    static RedisReplayTarget open(String uri, Duration timeout, boolean force) {
        RedisSettings settings = new RedisSettings(uri, false, timeout, RedisSettings.DEFAULT_RECONNECT_CAP);
        RedisSession session;
        try {
            session = RedisSession.open(settings, timeout);
        } catch (RedisSession.Unreachable e) {
            throw new CommandFailure.OperationFailed("replay --apply: " + e.getMessage());
        }
        RedisReplayTarget target = new RedisReplayTarget(settings.redactedUri(), timeout, session);
        target.prepare(force);
        return target;
    }

    private void prepare(boolean force) {
        long entries = await(commands.hlen(ConnectionRegistry.REGISTRY_KEY));
        if (entries > 0 && !force) {
            close();
            throw new CommandFailure.OperationFailed("replay --apply: " + ConnectionRegistry.REGISTRY_KEY + " at " + uri
                    + " already has " + entries + " entries; replay into an empty Redis, or add --force to replay on top");
        }
        long before = System.currentTimeMillis();
        List<String> time = await(commands.time());
        long redisMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        offsetMillis = redisMillis - (before + System.currentTimeMillis()) / 2;
        await(ConnectionRegistry.cacheScripts(commands));
    }

    @Override
    public void accept(RegistryOp op) {
        if (ReplayState.UNKNOWN_INSTANCE.equals(op.owner())) {
            throw new CommandFailure.Usage("replay --apply: the log does not say which instance wrote it "
                    + "(no start line before its first event); pass --instance ID");
        }
        inFlight.add(send(op).toCompletableFuture());
        written++;
        if (inFlight.size() >= WINDOW) {
            drain();
        }
    }

    private CompletionStage<?> send(RegistryOp op) {
        if (op instanceof RegistryOp.Register r) {
            return as(r.owner()).register(r.imei(), redisNow());
        } else if (op instanceof RegistryOp.Repair r) {
            return as(r.owner()).repair(r.imei());
        } else if (op instanceof RegistryOp.Release r) {
            return as(r.owner()).unregister(r.imei(), redisNow());
        } else if (op instanceof RegistryOp.Swept r) {
            return as(r.owner()).deleteDead(r.owner(), List.of(r.imei()));
        }
        RegistryOp.ReplaceDead r = (RegistryOp.ReplaceDead) op;
        return as(r.owner()).replaceDeadAsLogged(r.imei(), r.deadOwner());
    }

    private long redisNow() {
        return System.currentTimeMillis() + offsetMillis;
    }

    private ConnectionRegistry as(String instance) {
        return byInstance.computeIfAbsent(instance, id -> new ConnectionRegistry(commands, id, SidecarOptions.DEFAULT_FRESHNESS));
    }

    /** The URI written to, password redacted. */
    String uri() {
        return uri;
    }

    /** Waits for every write sent so far; returns how many were sent in all. */
    long finish() {
        drain();
        return written;
    }

    /** The registry hash as Redis has it now. */
    Map<String, String> hash() {
        return await(commands.hgetall(ConnectionRegistry.REGISTRY_KEY));
    }

    private void drain() {
        for (CompletableFuture<?> f : inFlight) {
            await(f);
        }
        inFlight.clear();
    }

    private <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure.OperationFailed("replay --apply: interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CommandFailure.OperationFailed("replay --apply: a write to " + uri + " failed: " + cause);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
