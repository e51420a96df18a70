package com.fleetlink.registry.sim;

import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.Registration;
import java.util.List;
import java.util.Map;

/**
 * Sees every registry write as it executes in the simulated Redis, with the registry's owners just
 * before it, and every change to the heartbeat keys, so the checker can judge each write against the
 * ground truth.
 */
interface RegistryWatch {

    /**
     * A registration script ran.
     *
     * @param decidedAt for each registration, the virtual time of the handshake it was decided from, or -1
     * @param before    each device's owner before the script, absent when none
     */
    void registered(String instance, List<Registration> registrations, long[] decidedAt, Map<String, String> before,
                    List<RegisterOutcome> outcomes);

    /** A compare-and-delete ran; {@code before} and {@code after} are the owners of its devices around it. */
    void released(String instance, Map<String, String> before, Map<String, String> after);

    /** A compare-and-set from a dead owner ran and took the field, stamping it {@code at} (-1: no stamp). */
    void replaced(String instance, String imei, long at, long decidedAt, String previousOwner);

    /**
     * A janitor's delete of a dead instance's fields ran.
     *
     * @param janitor   the instance whose janitor sent it
     * @param deadOwner the instance it judged dead
     * @param before    the owners of its devices just before it, and {@code after} just after
     */
    void swept(String janitor, String deadOwner, Map<String, String> before, Map<String, String> after);

    /** {@code instance}'s heartbeat key was written (not skipped as stale); it is gone after Redis time {@code expiresAt}. */
    void heartbeatWritten(String instance, long expiresAt);

    /** {@code instance}'s own delete of its heartbeat key removed it: it declared itself gone (its release). */
    void heartbeatDeleted(String instance);

    /** Redis restarts empty at Redis time {@code at}: every key is about to go (told just before, so what goes can be seen). */
    void flushed(long at);
}
