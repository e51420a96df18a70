package com.fleetlink.registry.core;

import java.util.Map;

/** A step of the sidecar's own life: the type of a {@link JournalKind#LIFECYCLE} line. */
public enum LifecycleEvent implements WireWord {
    /** The sidecar started; the first line of each life, with the instance id. */
    START("start"),
    /** Redis (re)connected; a reconcile follows. */
    REDIS_CONNECTED("redis_connected"),
    /** The Redis connection was lost. */
    REDIS_DISCONNECTED("redis_disconnected"),
    /** Redis stopped answering in time while connected; suspected, not yet given up. */
    REDIS_SUSPECT("redis_suspect"),
    /** A suspected Redis answers again. */
    REDIS_ANSWERING("redis_answering"),
    /** An ingestion session said hello and was attached. */
    SESSION_ATTACHED("session_attached"),
    /** The ingestion session went away; the grace period runs. */
    SESSION_DETACHED("session_detached"),
    /** A session dropped as wedged came back and must answer a ping before it is trusted (design §4 rule 10). */
    PROBATION_STARTED("probation_started"),
    /** The session on probation answered; its snapshot is applied. */
    PROBATION_ENDED("probation_ended"),
    /** A seq gap: the sidecar asked the ingestion for a fresh snapshot. */
    RESYNC("resync"),
    /** The last chunk of a snapshot replaced the held set. */
    SNAPSHOT_APPLIED("snapshot_applied"),
    /** The ingestion said shutdown: every held entry is released. */
    SHUTDOWN_REQUESTED("shutdown_requested"),
    /** The grace period ended with no ingestion attached: every held entry is released. */
    GRACE_EXPIRED("grace_expired"),
    /** A release was put off because another sidecar runs with this instance id. */
    RELEASE_DEFERRED("release_deferred"),
    /** An operator's {@code release}: entries deleted, the held set kept, no repairs until flush or a new session. */
    RELEASED_BY_OPERATOR("released_by_operator"),
    /** An operator's {@code flush}: heartbeat and a full reconcile now; ends a release. */
    FLUSH_REQUESTED("flush_requested"),
    /** The sidecar stopped with no ingestion attached and released every held entry. */
    RELEASED_AT_SHUTDOWN("released_at_shutdown"),
    /** Another sidecar writes this instance's claim key. */
    DUPLICATE_INSTANCE("duplicate_instance"),
    /** The other sidecar with this instance id is gone. */
    DUPLICATE_INSTANCE_CLEARED("duplicate_instance_cleared"),
    /** The janitor found the majority of instances dead and deleted nothing in this sweep (the breaker, design §8). */
    JANITOR_SUSPENDED("janitor_suspended"),
    /** The janitor's breaker held for the breaker-hold period: the instances are truly gone and are cleaned. */
    JANITOR_BREAKER_RELEASED("janitor_breaker_released"),
    /** A step this version does not know: a newer version wrote the line. */
    UNKNOWN("unknown");

    private static final Map<String, LifecycleEvent> BY_WORD = WireWord.index(values());
    private final String word;

    LifecycleEvent(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The step {@code word} stands for; {@link #UNKNOWN} for any other word, and for {@code null}. */
    public static LifecycleEvent of(String word) {
        return WireWord.lookup(BY_WORD, word, UNKNOWN);
    }
}
