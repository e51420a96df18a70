package com.fleetlink.registry.store;

/**
 * One look at an instance's heartbeat key.
 *
 * @param present     the key exists
 * @param redisMillis Redis' {@code TIME} read in the same atomic step, in ms
 */
public record HeartbeatLook(boolean present, long redisMillis) {
}
