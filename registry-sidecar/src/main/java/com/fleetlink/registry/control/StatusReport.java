package com.fleetlink.registry.control;

import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import com.fleetlink.registry.redis.RedisConnector;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the answer to {@code status}: what the sidecar believes, plus what Redis says about the
 * heartbeat's TTL and a round trip, each with a short timeout so a hung Redis still gets an answer.
 */
public final class StatusReport {
    /** How long a status answer waits for any one Redis read. */
    static final long REDIS_PROBE_TIMEOUT_MS = 1000;

    private final SidecarCore core;
    private final RedisConnector redis;
    private final EventLogStatus eventLog;
    private final DeviceStatus device;

    /** What status says about the event log. */
    public interface EventLogStatus {
        String path();

        long totalBytes();
    }

    public StatusReport(SidecarCore core, RedisConnector redis, EventLogStatus eventLog) {
        this.core = core;
        this.redis = redis;
        this.eventLog = eventLog;
        this.device = new DeviceStatus(core);
    }

    /** The report about one device ({@code status --imei}); see {@link DeviceStatus}. */
    public CompletionStage<Map<String, Object>> device(String imei) {
        return device.build(imei);
    }

    /** The report as an ordered map of JSON values. */
    public CompletionStage<Map<String, Object>> build() {
        CompletableFuture<Map<String, Object>> local = new CompletableFuture<>();
        core.execute(() -> local.complete(localState()));
        return local.thenCompose(report -> withRedisProbe(report));
    }

    private Map<String, Object> localState() {
        long now = System.currentTimeMillis();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "status");
        r.put("instance", core.options().instanceId());
        r.put("uptimeSeconds", (now - core.startedAt()) / 1000);
        r.put("released", core.isReleased());
        SidecarCore.SessionView session = core.sessionView();
        Map<String, Object> ingestion = new LinkedHashMap<>();
        ingestion.put("attached", session != null);
        if (session != null) {
            ingestion.put("attachedSince", Instant.ofEpochMilli(session.attachedAt()).toString());
            ingestion.put("boot", session.boot());
            ingestion.put("events", session.events());
            ingestion.put("lastSeq", session.lastSeq());
        }
        r.put("ingestion", ingestion);
        Map<String, Object> redisState = new LinkedHashMap<>();
        redisState.put("uri", redis.redactedUri());
        redisState.put("connected", redis.isConnected());
        redisState.put("lastError", redis.lastError());
        r.put("redis", redisState);
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        long last = core.heartbeat().lastSuccessMillis();
        heartbeat.put("active", core.heartbeat().isActive());
        heartbeat.put("lastSuccess", instantOrNull(last));
        heartbeat.put("ageSeconds", last == 0 ? null : (now - last) / 1000.0);
        r.put("heartbeat", heartbeat);
        r.put("held", core.held().size());
        r.put("heldComplete", core.held().isComplete());
        r.put("pending", core.writer().pending());
        Map<String, Object> reconcile = new LinkedHashMap<>();
        long lastRun = core.reconciler().lastRunMillis();
        reconcile.put("lastRun", instantOrNull(lastRun));
        reconcile.put("repaired", core.writer().repairs());
        reconcile.put("conflicts", core.writer().conflicts());
        reconcile.put("released", core.writer().released());
        r.put("reconcile", reconcile);
        Map<String, Object> duplicate = new LinkedHashMap<>();
        duplicate.put("detected", core.claim().duplicateDetected());
        duplicate.put("since", instantOrNull(core.claim().since()));
        duplicate.put("lastSeen", instantOrNull(core.claim().lastSeen()));
        r.put("duplicateInstance", duplicate);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("path", eventLog.path());
        log.put("bytes", eventLog.totalBytes());
        r.put("eventLog", log);
        boolean stale = core.heartbeat().isActive()
                && (last == 0 || now - last > core.options().heartbeatInterval().toMillis() * 2);
        heartbeat.put("stale", stale);
        // Released is an operator's choice (a drain), not a fault: it is shown, never degrades.
        List<String> problems = new ArrayList<>();
        if (!redis.isConnected()) {
            problems.add("redis is not connected");
        }
        if (stale) {
            problems.add("heartbeat is stale (no success for two intervals)");
        }
        if (core.claim().duplicateDetected()) {
            problems.add("another sidecar runs with this instance id");
        }
        r.put("healthy", problems.isEmpty());
        r.put("problems", problems);
        return r;
    }

    /** Why a status read of Redis failed, in one phrase. */
    static String probeFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        // Either deadline may strike first: ours, or the client's command timeout.
        return cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException
                || cause instanceof StoreFailure.Unknown && cause.getCause() instanceof RedisCommandTimeoutException
                ? "redis did not answer in time"
                : "redis read failed: " + cause;
    }

    private static String instantOrNull(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<Map<String, Object>> withRedisProbe(Map<String, Object> report) {
        RegistryStore registry = core.writer().registry();
        if (registry == null) {
            return CompletableFuture.completedFuture(report);
        }
        long started = System.nanoTime();
        CompletableFuture<Long> ttl = registry.heartbeatTtl().toCompletableFuture()
                .orTimeout(REDIS_PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return ttl.handle((seconds, error) -> {
            Map<String, Object> redisState = (Map<String, Object>) report.get("redis");
            Map<String, Object> heartbeat = (Map<String, Object>) report.get("heartbeat");
            if (error == null) {
                redisState.put("roundTripMs", (System.nanoTime() - started) / 1_000_000.0);
                heartbeat.put("ttlSeconds", seconds);
            } else {
                redisState.put("roundTripMs", null);
                heartbeat.put("ttlSeconds", null);
                // Connected but silent (paused, overloaded): degraded now, not only once the heartbeat goes stale.
                ((List<String>) report.get("problems")).add(probeFailure(error));
                report.put("healthy", false);
            }
            return report;
        });
    }
}
