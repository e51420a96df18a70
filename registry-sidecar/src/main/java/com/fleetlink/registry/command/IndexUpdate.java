package com.fleetlink.registry.command;

import com.fleetlink.registry.redis.StoreFailures;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The global index entries that follow from a device's state after a script: a queued command is
 * in the expiry index, a claimed one in the lease index, a finished one in neither. The indexes
 * live in other Cluster slots, so this is a separate step; additions go before the outbox is
 * drained and removals after it, so a crash in between leaves an entry that leads a sweep to the
 * device rather than an outbox nobody visits.
 */
final class IndexUpdate {
    private record Add(String key, long score, String member) {
    }

    private record Remove(String key, String member) {
    }

    private final String imei;
    private final List<Add> adds = new ArrayList<>();
    private final List<Remove> removes = new ArrayList<>();

    IndexUpdate(String imei) {
        this.imei = imei;
    }

    String imei() {
        return imei;
    }

    /** The entries of a command in {@code command}'s state. */
    IndexUpdate follow(StoredCommand command) {
        if (command.status() == CommandStatus.QUEUED) {
            return queued(command.id(), command.expireAt());
        }
        if (command.status().terminal()) {
            return finished(command.id());
        }
        return claimed(command.id(), command.leaseUntil());
    }

    IndexUpdate queued(String id, long expireAt) {
        adds.add(new Add(CommandKeys.EXPIRY_INDEX, expireAt, CommandKeys.member(imei, id)));
        removes.add(new Remove(CommandKeys.LEASE_INDEX, CommandKeys.member(imei, id)));
        return this;
    }

    IndexUpdate claimed(String id, long leaseUntil) {
        adds.add(new Add(CommandKeys.LEASE_INDEX, leaseUntil, CommandKeys.member(imei, id)));
        removes.add(new Remove(CommandKeys.EXPIRY_INDEX, CommandKeys.member(imei, id)));
        return this;
    }

    IndexUpdate finished(String id) {
        removes.add(new Remove(CommandKeys.EXPIRY_INDEX, CommandKeys.member(imei, id)));
        removes.add(new Remove(CommandKeys.LEASE_INDEX, CommandKeys.member(imei, id)));
        return this;
    }

    /**
     * Adds the index entries, and marks the device's outbox pending at {@code nowMillis} unless it already
     * is (the oldest mark counts).
     */
    CompletionStage<Void> applyAdds(RedisClusterAsyncCommands<String, String> redis, long nowMillis) {
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        adds.forEach(a -> writes.add(redis.zadd(a.key(), (double) a.score(), a.member()).toCompletableFuture()));
        writes.add(redis.zadd(CommandKeys.OUTBOX_INDEX, ZAddArgs.Builder.nx(), (double) nowMillis, imei).toCompletableFuture());
        return all(writes);
    }

    /**
     * Removes the index entries and the outbox mark. A drain running at the same time for the same device
     * can lose its mark this way; its outbox is then drained by the device's next transition or sweep.
     */
    CompletionStage<Void> applyRemoves(RedisClusterAsyncCommands<String, String> redis) {
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        removes.forEach(r -> writes.add(redis.zrem(r.key(), r.member()).toCompletableFuture()));
        writes.add(redis.zrem(CommandKeys.OUTBOX_INDEX, imei).toCompletableFuture());
        return all(writes);
    }

    private static CompletionStage<Void> all(List<CompletableFuture<Long>> writes) {
        return StoreFailures.typed(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }
}
