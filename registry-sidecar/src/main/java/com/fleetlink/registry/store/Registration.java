package com.fleetlink.registry.store;

/**
 * One device to register.
 *
 * @param imei  the device
 * @param at    when its handshake was decided, in Redis' clock; {@link #UNKNOWN_AT} when nobody knows
 *              (a snapshot entry without {@code at}); stored as the field's decision stamp
 * @param fresh a fresh handshake that may overwrite a field decided earlier; otherwise a repair that
 *              only restores a missing field
 */
public record Registration(String imei, long at, boolean fresh) {
    /** The decision time is not known. */
    public static final long UNKNOWN_AT = -1;

    /** A fresh handshake decided at {@code at}. */
    public static Registration fresh(String imei, long at) {
        return new Registration(imei, at, true);
    }

    /** A repair: restore if missing, never overwrite; {@code at} is still recorded when known. */
    public static Registration repair(String imei, long at) {
        return new Registration(imei, at, false);
    }
}
