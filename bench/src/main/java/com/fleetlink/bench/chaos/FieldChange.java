package com.fleetlink.bench.chaos;

/**
 * One change of a device's registry field as the {@link RegistryMonitor} replay saw it, in the order
 * it processed them.
 *
 * @param seq           position in the monitor's processing order, shared by every device and reset
 * @param micros        when Redis ran it (a reset: when the monitor lost or regained sight of Redis)
 * @param kind          what happened to the field
 * @param value         the instance the field names after a {@link Kind#WRITTEN}, else {@code null}
 * @param decidedMicros the {@code at} of the registration that wrote it, in µs; 0 for a repair (it
 *                      carries none) and for every other kind
 */
record FieldChange(long seq, long micros, Kind kind, String value, long decidedMicros) {

    /** What a change did to the field. */
    enum Kind {
        /** The field was set to {@code value}. */
        WRITTEN,
        /** The field is absent: deleted, or the registry is known empty after Redis restarted. */
        ABSENT,
        /** The replay cannot tell: the monitor lost Redis, or attached to a non-empty hash it never saw filled. */
        UNKNOWN
    }
}
