package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.StoredCommand;
import java.util.Map;
import java.util.Optional;

/**
 * Sees every command script as it executes in the simulated Redis, with the device's commands just
 * before and after it, every owner read a claim depends on, and every write of a command to a
 * device, so the checker can judge claims, leases and fencing against the ground truth.
 */
interface CommandWatch {
    /** No attempt: the script is not fenced by one (enqueue, claim, sweep, a caller's cancel). */
    int UNFENCED = -1;

    /**
     * The owner read before a claim ran for {@code instance}: the registry named {@code holder} for
     * {@code imei}, with its heartbeat alive (empty when none).
     */
    void holderRead(String instance, String imei, Optional<String> holder);

    /** A claim by {@code instance} took {@code command} (its state after the claim). */
    void claimed(String instance, StoredCommand command);

    /**
     * A command script of {@code instance} ran on {@code imei}'s commands.
     *
     * @param fencedId      the command a fenced script names (mark sent, complete, requeue, policy cancel), else null
     * @param fencedAttempt the attempt it names, else {@link #UNFENCED}
     * @param before        the device's commands by id just before, and {@code after} just after
     */
    void scriptRan(String instance, String script, String imei, String fencedId, int fencedAttempt,
                   Map<String, StoredCommand> before, Map<String, StoredCommand> after);

    /** The ingestion of {@code instance} wrote attempt {@code attempt} of command {@code id} to the device. */
    void written(String instance, String imei, String id, int attempt);
}
