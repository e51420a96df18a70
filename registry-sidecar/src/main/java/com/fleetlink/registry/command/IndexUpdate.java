package com.fleetlink.registry.command;

import com.fleetlink.registry.redis.StoreFailures;
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

    CompletionStage<Void> applyAdds(RedisClusterAsyncCommands<String, String> redis) {
        return all(adds.stream().map(a -> redis.zadd(a.key(), (double) a.score(), a.member()).toCompletableFuture()).toList());
    }

    CompletionStage<Void> applyRemoves(RedisClusterAsyncCommands<String, String> redis) {
        return all(removes.stream().map(r -> redis.zrem(r.key(), r.member()).toCompletableFuture()).toList());
    }

    private static CompletionStage<Void> all(List<CompletableFuture<Long>> writes) {
        return StoreFailures.typed(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }
}
