package com.fleetlink.registry.control;

import com.fleetlink.registry.core.HeldSet;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Builds the answer to {@code status --imei}: whether this sidecar holds the device (on which
 * {@code conn}, since when), which instance Redis names for it, and whether that owner's heartbeat
 * key exists. Each Redis read has the same short timeout as the status probe, so a hung Redis still
 * gets an answer (with {@code redis.error} set).
 */
public final class DeviceStatus {
    private final SidecarCore core;

    public DeviceStatus(SidecarCore core) {
        this.core = core;
    }

    /** The report about {@code imei} as an ordered map of JSON values. */
    public CompletionStage<Map<String, Object>> build(String imei) {
        CompletableFuture<Map<String, Object>> local = new CompletableFuture<>();
        core.execute(() -> local.complete(localState(imei)));
        return local.thenCompose(report -> withRegistry(report, imei));
    }

    private Map<String, Object> localState(String imei) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "status");
        r.put("instance", core.options().instanceId());
        r.put("imei", imei);
        HeldSet.Entry entry = core.held().get(imei);
        r.put("held", entry != null);
        r.put("conn", entry == null ? null : entry.conn());
        r.put("since", entry == null ? null : Instant.ofEpochMilli(entry.since()).toString());
        return r;
    }

    private CompletionStage<Map<String, Object>> withRegistry(Map<String, Object> report, String imei) {
        Map<String, Object> redis = new LinkedHashMap<>();
        report.put("redis", redis);
        RegistryStore registry = core.writer().registry();
        if (registry == null) {
            redis.put("connected", false);
            redis.put("error", "redis is not connected");
            return CompletableFuture.completedFuture(report);
        }
        redis.put("connected", true);
        return bounded(registry.owner(imei)).thenCompose(owner -> {
            redis.put("owner", owner);
            redis.put("ownerIsThisInstance", core.options().instanceId().equals(owner));
            if (owner == null) {
                redis.put("ownerHeartbeat", null);
                return CompletableFuture.completedFuture(report);
            }
            return bounded(registry.isAlive(owner)).thenApply(alive -> {
                redis.put("ownerHeartbeat", alive);
                return report;
            });
        }).exceptionally(error -> {
            redis.put("error", StatusReport.probeFailure(error));
            return report;
        });
    }

    private static <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(StatusReport.REDIS_PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
