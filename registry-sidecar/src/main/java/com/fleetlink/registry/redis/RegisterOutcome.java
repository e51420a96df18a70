package com.fleetlink.registry.redis;

/**
 * What a registration or repair did to the device's field.
 *
 * @param owner the instance the field names, for {@link Kind#CONFLICT}; empty otherwise
 */
public record RegisterOutcome(Kind kind, String owner) {

    /** The four things a registration can find. */
    public enum Kind {
        /** Fresh registration: written unconditionally, the newest handshake wins. */
        FRESH,
        /** Repair of a missing field: written. */
        RESTORED,
        /** Repair: the field already named this instance. */
        PRESENT,
        /** Repair: the field names another instance and was left alone. */
        CONFLICT
    }

    static RegisterOutcome parse(java.util.List<Object> reply) {
        Kind kind = Kind.valueOf(((String) reply.get(0)).toUpperCase(java.util.Locale.ROOT));
        return new RegisterOutcome(kind, (String) reply.get(1));
    }
}
