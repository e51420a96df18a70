package com.fleetlink.registry.core;

import java.util.Map;

/**
 * The Redis operations the sidecar journals (the type of a {@link JournalKind#REDIS} line) and counts
 * failures of.
 */
public enum RedisOperation implements WireWord {
    /** A fresh registration: the newest handshake wins the device's field. */
    REGISTER("register"),
    /** A repair: the field is written only where it is missing. */
    REPAIR("repair"),
    /** A field naming a dead instance taken over by compare-and-set. */
    REPLACE_DEAD("replace_dead"),
    /** Compare-and-delete of fields that name this instance. */
    UNREGISTER("unregister"),
    /** Every held field deleted at once (shutdown, grace expiry, an operator's release). */
    RELEASE_ALL("release_all"),
    /** The heartbeat key written. */
    HEARTBEAT("heartbeat"),
    /** The heartbeat key deleted. */
    DELETE_HEARTBEAT("delete_heartbeat"),
    /** Whether the owner of a conflicting field is alive (its heartbeat key exists). */
    LIVENESS("liveness"),
    /** Reconcile's scan of the registry for fields that name this instance. */
    SCAN("scan"),
    /** The claim key that shows whether another sidecar runs with this instance id. */
    INSTANCE_CLAIM("instance_claim"),
    /** The janitor deleted a dead instance's field (design §8); the line's detail names that instance. */
    JANITOR_DELETE("janitor_delete"),
    /** The janitor's scan of the registry, its looks and its lease. */
    JANITOR_SWEEP("janitor_sweep"),
    /** An operation this version does not know: a newer version wrote the line. */
    UNKNOWN("unknown");

    private static final Map<String, RedisOperation> BY_WORD = WireWord.index(values());
    private final String word;

    RedisOperation(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The operation {@code word} stands for; {@link #UNKNOWN} for any other word, and for {@code null}. */
    public static RedisOperation of(String word) {
        return WireWord.lookup(BY_WORD, word, UNKNOWN);
    }
}
