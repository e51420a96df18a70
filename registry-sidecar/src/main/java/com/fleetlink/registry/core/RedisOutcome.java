package com.fleetlink.registry.core;

import java.util.Map;

/** What came of a {@link RedisOperation}: the {@code outcome} of a {@link JournalKind#REDIS} line. */
public enum RedisOutcome implements WireWord {
    /** A fresh registration wrote the field. */
    FRESH("fresh"),
    /** A repair wrote a missing field. */
    RESTORED("restored"),
    /** A repair found the field already naming this instance. */
    PRESENT("present"),
    /** The field names another instance and was left alone; the line's detail names it. */
    CONFLICT("conflict"),
    /** A dead owner's field was taken over. */
    REPLACED("replaced"),
    /** A dead owner's field changed before it could be taken over, and was left alone. */
    CHANGED("changed"),
    /** Fields or a key were deleted; the detail counts them. */
    DELETED("deleted"),
    /** A delete found the field naming another instance, and left it. */
    NOT_OURS("not_ours"),
    /** The write was decided longer ago than the freshness window and skipped, to be decided again. */
    STALE("stale"),
    /** Redis failed, timed out or was away; the detail has the error. */
    FAILED("failed"),
    /** The heartbeat found its key gone: this instance was presumed dead, so every held entry is re-asserted. */
    LAPSED("lapsed"),
    /** Some of a batch of deletes failed. */
    PARTIAL("partial"),
    /** A registration lost to a newer decision for the same device. */
    SUPERSEDED("superseded"),
    /** A liveness look found the owner's heartbeat absent, its death not yet confirmed. */
    ABSENT("absent"),
    /** An outcome this version does not know: a newer version wrote the line. */
    UNKNOWN("unknown");

    private static final Map<String, RedisOutcome> BY_WORD = WireWord.index(values());
    private final String word;

    RedisOutcome(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The outcome {@code word} stands for; {@link #UNKNOWN} for any other word, and for {@code null}. */
    public static RedisOutcome of(String word) {
        return WireWord.lookup(BY_WORD, word, UNKNOWN);
    }
}
