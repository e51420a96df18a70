package com.fleetlink.registry.command;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Confirms claims with the {@link ClaimDurability}'s {@code WAIT}/{@code WAITAOF} on the connection
 * that made them, one confirmation at a time. Either command blocks the whole connection until it
 * answers (up to its timeout when replicas or the disk lag), so claims answered while one is out
 * share the next: it covers every write the connection made before it. Without that, a burst of
 * claims during a replica outage would queue one timeout each in front of the heartbeats. Called
 * on any thread.
 */
final class ClaimConfirmation {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ClaimDurability durability;
    /** Whether a confirmation is out. */
    private boolean out;
    /** The confirmation the claims answered since the one out wait for; {@code null} when none does. */
    private CompletableFuture<Boolean> next;

    ClaimConfirmation(RedisClusterAsyncCommands<String, String> redis, ClaimDurability durability) {
        this.redis = redis;
        this.durability = durability;
    }

    /**
     * Completes with whether every write this connection made before the call (the claim just
     * answered among them) reached the durability asked for; a failed or timed-out confirmation is a no.
     */
    CompletionStage<Boolean> confirm() {
        if (!durability.confirms()) {
            return CompletableFuture.completedFuture(true);
        }
        synchronized (this) {
            if (out) {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                return next;
            }
            out = true;
        }
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        send(first);
        return first;
    }

    private void send(CompletableFuture<Boolean> answer) {
        durability.confirm(redis).handle((ok, error) -> error == null && ok).thenAccept(ok -> {
            CompletableFuture<Boolean> waiting;
            synchronized (this) {
                waiting = next;
                next = null;
                out = waiting != null;
            }
            answer.complete(ok);
            if (waiting != null) {
                send(waiting);
            }
        });
    }
}
