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

    /** Reads the script's flat reply: kind and owner for each registration, in order. */
    static java.util.List<RegisterOutcome> parseAll(java.util.List<Object> reply) {
        java.util.List<RegisterOutcome> outcomes = new java.util.ArrayList<>(reply.size() / 2);
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            Kind kind = Kind.valueOf(((String) reply.get(i)).toUpperCase(java.util.Locale.ROOT));
            outcomes.add(new RegisterOutcome(kind, (String) reply.get(i + 1)));
        }
        return outcomes;
    }
}
