package com.fleetlink.registry.control;

import com.fleetlink.protocol.control.DeviceStatusReply;
import com.fleetlink.protocol.control.DeviceStatusReply.OwnerLiveness;
import com.fleetlink.protocol.control.DeviceStatusReply.RegistryEntry;
import com.fleetlink.registry.core.HeldSet;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Instant;
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

    /** The report about {@code imei}. */
    public CompletionStage<DeviceStatusReply> build(String imei) {
        CompletableFuture<HeldSet.Entry> local = new CompletableFuture<>();
        // A missing entry completes with null: the device is not held here.
        core.execute(() -> local.complete(core.held().get(imei)));
        return local.thenCompose(entry -> registryView(imei).thenApply(redis -> new DeviceStatusReply(
                core.options().instanceId(), imei, entry != null, entry == null ? null : entry.conn(),
                entry == null ? null : Instant.ofEpochMilli(entry.since()).toString(), redis)));
    }

    private CompletionStage<DeviceStatusReply.Redis> registryView(String imei) {
        RegistryStore registry = core.writer().registry();
        if (registry == null) {
            return CompletableFuture.completedFuture(new DeviceStatusReply.Redis(false, null, "redis is not connected"));
        }
        return bounded(registry.owner(imei)).thenCompose(owner -> {
            boolean ours = core.options().instanceId().equals(owner);
            if (owner == null) {
                return CompletableFuture.completedFuture(
                        new DeviceStatusReply.Redis(true, new RegistryEntry(null, false, new OwnerLiveness(null)), null));
            }
            return bounded(registry.isAlive(owner)).handle((alive, error) -> error == null
                    ? new DeviceStatusReply.Redis(true, new RegistryEntry(owner, ours, new OwnerLiveness(alive)), null)
                    : new DeviceStatusReply.Redis(true, new RegistryEntry(owner, ours, null), StatusReport.probeFailure(error)));
        }).exceptionally(error -> new DeviceStatusReply.Redis(true, null, StatusReport.probeFailure(error)));
    }

    private static <T> CompletableFuture<T> bounded(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(StatusReport.REDIS_PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
