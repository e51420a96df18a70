package com.fleetlink.registry.replay;

/**
 * One registry write the replayed events imply, in the terms of the Redis contract (design §1, §4).
 * {@link ReplayState} emits them; {@link ImpliedRegistry} applies them in memory and
 * {@link RedisReplayTarget} through the sidecar's own {@code ConnectionRegistry} scripts, so both
 * end in the same hash.
 */
sealed interface RegistryOp {

    /** The IMEI the write is about. */
    String imei();

    /** The instance making the write. */
    String owner();

    /** A fresh handshake: the field names {@code owner}, whoever it named before. */
    record Register(String imei, String owner) implements RegistryOp {
    }

    /** A repair: the field names {@code owner} if it was missing; another owner is left alone. */
    record Repair(String imei, String owner) implements RegistryOp {
    }

    /** Compare-and-delete: the field goes only if it names {@code owner}. */
    record Release(String imei, String owner) implements RegistryOp {
    }

    /** A janitor's delete of a dead instance's field: it goes only if it still names {@code owner}, the dead instance. */
    record Swept(String imei, String owner) implements RegistryOp {
    }

    /** Take the field over from a dead owner: only if it still names {@code deadOwner}. */
    record ReplaceDead(String imei, String owner, String deadOwner) implements RegistryOp {
    }
}
