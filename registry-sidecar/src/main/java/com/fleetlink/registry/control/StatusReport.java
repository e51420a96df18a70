package com.fleetlink.registry.control;

import com.fleetlink.protocol.control.DeviceStatusReply;
import com.fleetlink.protocol.control.StatusReply;
import com.fleetlink.protocol.control.StatusReply.DuplicateInstance;
import com.fleetlink.protocol.control.StatusReply.EventLog;
import com.fleetlink.protocol.control.StatusReply.Heartbeat;
import com.fleetlink.protocol.control.StatusReply.Ingestion;
import com.fleetlink.protocol.control.StatusReply.KeyTtl;
import com.fleetlink.protocol.control.StatusReply.Reconcile;
import com.fleetlink.protocol.control.StatusReply.RoundTrip;
import com.fleetlink.protocol.control.StatusReply.Session;
import com.fleetlink.registry.command.CommandDispatcher;
import com.fleetlink.registry.command.Persistence;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.janitor.Janitor;
import com.fleetlink.registry.janitor.SweepReport;
import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import com.fleetlink.registry.redis.RedisConnector;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final Janitor janitor;
    private final RedisConnector redis;
    private final EventLogStatus eventLog;
    private final DeviceStatus device;

    /** What status and the metrics say about the event log. */
    public interface EventLogStatus {
        String path();

        long totalBytes();

        /** Entries lost since start: dropped (queue full, closing) or lost to a write error. */
        long droppedCount();

        /** Failed writes, rotations or flushes since start. */
        long writeErrorCount();
    }

    public StatusReport(SidecarCore core, Janitor janitor, RedisConnector redis, EventLogStatus eventLog) {
        this.core = core;
        this.janitor = janitor;
        this.redis = redis;
        this.eventLog = eventLog;
        this.device = new DeviceStatus(core);
    }

    /** The report about one device ({@code status --imei}); see {@link DeviceStatus}. */
    public CompletionStage<DeviceStatusReply> device(String imei) {
        return device.build(imei);
    }

    /** The report about the whole sidecar. */
    public CompletionStage<StatusReply> build() {
        CompletableFuture<StatusReply> local = new CompletableFuture<>();
        core.execute(() -> local.complete(localState()));
        return local.thenCompose(this::withRedisProbe);
    }

    /** Everything the core knows, read on its loop; the Redis probe's fields are not there yet. */
    private StatusReply localState() {
        long now = System.currentTimeMillis();
        long last = core.heartbeat().lastSuccessMillis();
        boolean stale = core.heartbeat().isActive()
                && (last == 0 || now - last > core.options().heartbeatInterval().toMillis() * 2);
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
        SweepReport sweep = janitor.lastSweep();
        if (sweep != null && sweep.suspended() && core.options().instanceId().equals(janitor.sweeper())) {
            problems.add("the janitor's last sweep deleted nothing: " + sweep.note());
        }
        SidecarCore.SessionView session = core.sessionView();
        if (session != null && session.probation()) {
            problems.add("the ingestion is on probation: it was dropped for not answering pings and has not answered one since");
        }
        return new StatusReply(core.options().instanceId(), (now - core.startedAt()) / 1000, core.isReleased(),
                ingestion(),
                new StatusReply.Redis(redis.redactedUri(), redis.isConnected(), redis.lastError(), null),
                new Heartbeat(core.heartbeat().isActive(), instantOrNull(last), last == 0 ? null : (now - last) / 1000.0,
                        stale, null),
                core.held().size(), core.held().isComplete(), core.writer().pending(),
                new Reconcile(instantOrNull(core.reconciler().lastRunMillis()), core.writer().repairs(),
                        core.writer().conflicts(), core.writer().released()),
                new DuplicateInstance(core.claim().duplicateDetected(), instantOrNull(core.claim().since()),
                        instantOrNull(core.claim().lastSeen())),
                new EventLog(eventLog.path(), eventLog.totalBytes()),
                problems.isEmpty(), List.copyOf(problems), janitor(), commands());
    }

    /** The command dispatcher's state, read on the core loop. */
    private StatusReply.Commands commands() {
        CommandDispatcher d = core.commands();
        Persistence p = d.persistence();
        String persistence = p == null ? null : p.everyWrite() ? "always"
                : "off (aof " + (p.aof() ? "on" : "off") + ", appendfsync " + p.fsync() + ")";
        return new StatusReply.Commands(d.enabled(), d.enabled() ? persistence : null, d.inFlight(), d.backlog(), d.counts());
    }

    private StatusReply.Janitor janitor() {
        SweepReport s = janitor.lastSweep();
        StatusReply.Sweep last = s == null ? null : new StatusReply.Sweep(Instant.ofEpochMilli(s.startedAt()).toString(),
                s.durationMillis(), s.instances(), s.deadCount(), s.dead(), s.deleted(), s.wouldDelete(), s.suspended(),
                s.note());
        return new StatusReply.Janitor(janitor.options().enabled(), janitor.options().dryRun(), janitor.sweeper(), last,
                janitor.deletedSinceStart());
    }

    private Ingestion ingestion() {
        SidecarCore.SessionView session = core.sessionView();
        return session == null ? new Ingestion(false, null) : new Ingestion(true, new Session(
                Instant.ofEpochMilli(session.attachedAt()).toString(), session.boot(), session.events(), session.lastSeq(),
                session.probation()));
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

    private CompletionStage<StatusReply> withRedisProbe(StatusReply local) {
        RegistryStore registry = core.writer().registry();
        if (registry == null) {
            return CompletableFuture.completedFuture(local);
        }
        long started = System.nanoTime();
        CompletableFuture<Long> ttl = registry.heartbeatTtl().toCompletableFuture()
                .orTimeout(REDIS_PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return ttl.handle((seconds, error) -> error == null
                ? probed(local, new RoundTrip((System.nanoTime() - started) / 1_000_000.0), new KeyTtl(seconds), null)
                // Connected but silent (paused, overloaded): degraded now, not only once the heartbeat goes stale.
                : probed(local, new RoundTrip(null), new KeyTtl(null), probeFailure(error)));
    }

    /** {@code local} with the probe's answer, and its failure (if any) among the problems. */
    private static StatusReply probed(StatusReply local, RoundTrip roundTrip, KeyTtl ttl, String failure) {
        List<String> problems = new ArrayList<>(local.problems());
        if (failure != null) {
            problems.add(failure);
        }
        StatusReply.Redis redis = local.redis();
        Heartbeat heartbeat = local.heartbeat();
        return new StatusReply(local.instance(), local.uptimeSeconds(), local.released(), local.ingestion(),
                new StatusReply.Redis(redis.uri(), redis.connected(), redis.lastError(), roundTrip),
                new Heartbeat(heartbeat.active(), heartbeat.lastSuccess(), heartbeat.ageSeconds(), heartbeat.stale(), ttl),
                local.held(), local.heldComplete(), local.pending(), local.reconcile(), local.duplicateInstance(),
                local.eventLog(), problems.isEmpty(), List.copyOf(problems), local.janitor(), local.commands());
    }
}
