package com.fleetlink.registry.sim;

import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.core.HeldSet;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.Janitor;
import com.fleetlink.registry.janitor.JanitorMetrics;
import com.fleetlink.registry.janitor.JanitorOptions;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One pod: a host clock, an ingestion and a sidecar (the real {@link SidecarCore} with commands on,
 * and beside it a real {@link Janitor}, wired as the daemon wires them, on a {@link SimLoop}, with its
 * Redis client). The sidecar can be killed and started again with the same instance id (a new janitor
 * with it); the ingestion then reconnects with a snapshot. The pod can also die for good: both
 * processes killed, never started again.
 */
final class SimInstance {
    private final SimEnv env;
    private final String id;
    private final HostClock clock;
    private final SplittableRandom random;
    private final SimIngestion ingestion;
    private final JanitorOptions janitorOptions;
    private final CommandDispatchOptions commandOptions;
    private SimLoop loop;
    private SidecarCore core;
    private SimRedisClient redis;
    private int lives;
    private long goneAt = -1;

    SimInstance(SimEnv env, String id, long clockOffsetMillis, JanitorOptions janitorOptions,
                CommandDispatchOptions commandOptions, SplittableRandom random) {
        this.env = env;
        this.id = id;
        this.janitorOptions = janitorOptions;
        this.commandOptions = commandOptions;
        this.clock = new HostClock(env.scheduler(), clockOffsetMillis);
        this.random = random;
        this.ingestion = new SimIngestion(env, id, clock, random.split(), () -> core);
    }

    String id() {
        return id;
    }

    /** How its sidecars dispatch commands. */
    CommandDispatchOptions commandOptions() {
        return commandOptions;
    }

    HostClock clock() {
        return clock;
    }

    SimIngestion ingestion() {
        return ingestion;
    }

    /** The running sidecar's core, or null while it is down. */
    SidecarCore core() {
        return core;
    }

    /** The running sidecar's Redis client, or null while it is down. */
    SimRedisClient redis() {
        return redis;
    }

    /** Whether the pod died for good. */
    boolean gone() {
        return goneAt >= 0;
    }

    /** Virtual time the pod died for good, or -1. */
    long goneAt() {
        return goneAt;
    }

    /** Starts a sidecar process unless one runs or the pod is gone. */
    void startSidecar() {
        if (core != null || gone()) {
            return;
        }
        lives++;
        env.trace().add(id, "sidecar life " + lives + " starts");
        loop = new SimLoop(env.scheduler(), clock);
        SidecarOptions options = SimEnv.options(id);
        janitorOptions.checkAgainst(options);
        TraceJournal journal = new TraceJournal(env.trace(), id);
        SidecarCore started = new SidecarCore(loop, options, commandOptions, new SidecarMetrics(new PrometheusRegistry()), journal);
        core = started;
        Janitor janitor = new Janitor(started.loop(), started.link(), started.deaths(), journal,
                new JanitorMetrics(new PrometheusRegistry()), janitorOptions, id, options.heartbeatTtl(),
                options.scanPagePause(), () -> started.heartbeat().isActive());
        started.start();
        janitor.start();
        redis = new SimRedisClient(env, id, core, random.split(), this::decidedAt, commandOptions.store().queueLimit());
        redis.start();
    }

    /**
     * SIGTERM of the sidecar, as the daemon does it: the core's stop (waits up to {@code ingestionWait}
     * for the ingestion to shut down or leave, then releases unless one is still attached), bounded by
     * the daemon's release timeout; then the process exits, and {@code afterExit} runs (the orchestrator
     * starting it again).
     */
    void stopSidecar(Duration ingestionWait, Runnable afterExit) {
        SidecarCore stopping = core;
        if (stopping == null) {
            return;
        }
        env.trace().add(id, "sidecar stopping");
        Runnable exit = () -> {
            if (core == stopping) {
                killSidecar();
                afterExit.run();
            }
        };
        stopping.stop(ingestionWait).whenComplete((released, error) -> env.scheduler().after(0, null, () -> {
            env.trace().add(id, "sidecar stopped, released " + released);
            exit.run();
        }));
        env.scheduler().after(ingestionWait.plus(SidecarDaemon.SHUTDOWN_RELEASE_TIMEOUT).toMillis(), null, () -> {
            if (core == stopping) {
                env.trace().add(id, "sidecar stop timed out");
            }
            exit.run();
        });
    }

    /** SIGKILL of the sidecar: its loop stops, its Redis connection breaks, the ingestion's socket closes. */
    void killSidecar() {
        if (core == null) {
            return;
        }
        env.trace().add(id, "sidecar killed");
        loop.kill();
        redis.stop();
        core = null;
        redis = null;
        ingestion.sidecarGone();
    }

    /** The pod is lost (evicted, its node gone): both processes are killed and never start again. */
    void dieForGood() {
        env.trace().add(id, "pod dies for good");
        goneAt = env.scheduler().nowMillis();
        killSidecar();
        ingestion.retire();
    }

    /**
     * The virtual time of the handshake the sidecar would register {@code imei} from now (its held
     * entry's socket), or -1: the ground truth of a registration's decision.
     */
    private long decidedAt(String imei) {
        HeldSet.Entry entry = core == null ? null : core.held().get(imei);
        return entry == null ? -1 : ingestion.handshakeTime(entry.conn());
    }
}
