package com.fleetlink.registry.core;

import java.util.Map;

/** What an event-log line is about: the {@code kind} of each line, one per {@link Journal} method. */
public enum JournalKind implements WireWord {
    /** A local-protocol message arrived ({@link Journal#received}); the line's type is the message's. */
    RECEIVED("received"),
    /** Redis answered an operation, or did not ({@link Journal#outcome}); the type is a {@link RedisOperation}. */
    REDIS("redis"),
    /** A step of the sidecar's own life ({@link Journal#lifecycle}, {@link Journal#started}); the type is a {@link LifecycleEvent}. */
    LIFECYCLE("lifecycle"),
    /** A kind this version does not know: a newer version wrote the line. */
    UNKNOWN("unknown");

    private static final Map<String, JournalKind> BY_WORD = WireWord.index(values());
    private final String word;

    JournalKind(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The kind {@code word} stands for; {@link #UNKNOWN} for any other word, and for {@code null}. */
    public static JournalKind of(String word) {
        return WireWord.lookup(BY_WORD, word, UNKNOWN);
    }
}
