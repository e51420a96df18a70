package com.fleetlink.registry.sim;

import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.Registration;
import java.util.List;
import java.util.Map;

/**
 * Sees every registry write as it executes in the simulated Redis, with the registry's owners just
 * before it, so the checker can judge each one against the ground truth.
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
}
