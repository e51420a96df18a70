package com.fleetlink.registry.core;

import java.util.HashMap;
import java.util.Map;

/**
 * A constant of the journal's vocabulary ({@link JournalKind}, {@link RedisOperation},
 * {@link RedisOutcome}, {@link LifecycleEvent}) with the lower_snake_case word that stands for it in
 * the event log. Every such enum has an {@code UNKNOWN} constant that {@code of(word)} returns for a
 * word it does not know, so a log written by a newer version still reads.
 */
public interface WireWord {

    /** The word in the event log. */
    String word();

    /** The constants of one vocabulary by their words, for its {@code of(word)}. */
    static <E extends Enum<E> & WireWord> Map<String, E> index(E[] constants) {
        Map<String, E> byWord = new HashMap<>();
        for (E constant : constants) {
            if (byWord.put(constant.word(), constant) != null) {
                throw new IllegalStateException("two constants of " + constant.getDeclaringClass() + " say " + constant.word());
            }
        }
        return byWord;
    }

    /** The constant {@code word} stands for in {@code byWord}, or {@code unknown} (also for {@code null}). */
    static <E extends Enum<E> & WireWord> E lookup(Map<String, E> byWord, String word, E unknown) {
        E constant = word == null ? null : byWord.get(word);
        return constant == null ? unknown : constant;
    }
}
