package com.fleetlink.registry.store;

/**
 * What a heartbeat write did.
 *
 * @param stale           the write reached Redis too late and was skipped
 * @param previousExisted the key existed before this write; {@code false} after our first write
 *                        means it had lapsed and other systems may have presumed us dead
 */
public record HeartbeatOutcome(boolean stale, boolean previousExisted) {
}
