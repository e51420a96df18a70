package com.fleetlink.registry.redis;

/**
 * What a heartbeat write did.
 *
 * @param stale           the write reached Redis after the freshness window and was skipped
 * @param previousExisted the key existed before this write; {@code false} after our first write
 *                        means it had lapsed and other systems may have presumed us dead
 */
public record HeartbeatOutcome(boolean stale, boolean previousExisted) {

    static HeartbeatOutcome parse(java.util.List<Object> reply) {
        boolean stale = "stale".equals(reply.get(0));
        return new HeartbeatOutcome(stale, !stale && ((Long) reply.get(1)) == 1L);
    }
}
