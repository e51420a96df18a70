package com.fleetlink.bench.chaos;

import java.util.Arrays;
import java.util.List;

/** What the schedule does to the running system; each of a run's kinds is injected at least once. */
enum FaultKind {
    /** redis-server gets SIGSTOP, then SIGCONT after a few seconds: commands wait, sockets stay open. */
    REDIS_PAUSE(true, true),
    /**
     * redis-server gets SIGKILL and a new, empty one starts on the same port (with commands on, its
     * append-only file is deleted first): every command not finished by then is lost.
     */
    REDIS_RESTART_EMPTY(true, true),
    /**
     * With commands on only: redis-server gets SIGKILL and starts again on the same port from its
     * append-only file ({@code appendfsync always}), so it keeps every write it acknowledged.
     */
    REDIS_RESTART(true, true),
    /** One sidecar gets SIGKILL and is started again; its ingestion reconnects and resends a snapshot. */
    SIDECAR_KILL(false, true),
    /** One ingestion gets SIGKILL (its devices see their sockets reset) and is started again on its port. */
    INGESTION_KILL(false, true),
    /** One sidecar gets SIGTERM while its ingestion is attached, exits, and is started again. */
    SIDECAR_TERM(false, true),
    /**
     * The third instance's sidecar and ingestion get SIGKILL together and are never started again:
     * its devices move to the other two, some go offline for good, and only the janitors of the
     * survivors can remove the fields that name it. Once per run.
     */
    INSTANCE_KILL(false, false),
    /**
     * One ingestion gets SIGTERM and drains (its sockets close one by one over a short
     * {@code --drain-duration}, each unregistering), exits, and is started again: a rolling deploy's step.
     */
    ROLLING_RESTART(false, true),
    /**
     * With the Kafka sink only: the broker stops, and a few seconds later starts again on its port with
     * its log directory; the ingestions hold their ACKs meanwhile and send what waited once it is back.
     */
    BROKER_RESTART(false, true);

    private final boolean redis;
    private final boolean repeatable;

    FaultKind(boolean redis, boolean repeatable) {
        this.redis = redis;
        this.repeatable = repeatable;
    }

    /**
     * The kinds a run injects: {@link #BROKER_RESTART} only with the Kafka sink, {@link #REDIS_RESTART}
     * only with commands on (Redis then keeps an append-only file), every other kind always.
     */
    static List<FaultKind> forRun(boolean kafka, boolean commands) {
        return Arrays.stream(values()).filter(k -> (kafka || k != BROKER_RESTART) && (commands || k != REDIS_RESTART))
                .toList();
    }

    /** Whether the schedule may draw it again after its first time. */
    boolean isRepeatable() {
        return repeatable;
    }

    /** Whether the fault is Redis' own (the ACK latency figure compares these windows with calm ones). */
    boolean isRedisFault() {
        return redis;
    }

    /** The name in the report, e.g. {@code redisPause}. */
    String label() {
        return EnumLabels.camelCase(this);
    }
}
