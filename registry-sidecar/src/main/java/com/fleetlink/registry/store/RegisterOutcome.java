package com.fleetlink.registry.store;

import java.util.Locale;

/**
 * What a registration or repair did to the device's field.
 *
 * @param owner   for {@link Kind#CONFLICT} and {@link Kind#SUPERSEDED}, the instance the field names;
 *                empty otherwise
 * @param ownerAt the decision stamp of that owner's field, {@link #NO_STAMP} when it has none of its
 *                own (a foreign writer's field, or one whose stamp names another writer)
 */
public record RegisterOutcome(Kind kind, String owner, long ownerAt) {
    /** The field carries no decision stamp of its owner. */
    public static final long NO_STAMP = -1;

    /** A plain outcome with no owner. */
    public static RegisterOutcome of(Kind kind) {
        return new RegisterOutcome(kind, "", NO_STAMP);
    }

    /** What a registration can find. */
    public enum Kind {
        /** Fresh registration: written, the newest decision wins. */
        FRESH,
        /** Fresh registration that lost: the field holds a decision made after it, and was left alone. */
        SUPERSEDED,
        /** Repair of a missing field: written. */
        RESTORED,
        /** Repair: the field already named this instance. */
        PRESENT,
        /** Repair: the field names another instance and was left alone. */
        CONFLICT;

        /** The word the scripts and the event log use. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a script's word names. */
        public static Kind ofWord(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }
}
