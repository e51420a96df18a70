package com.fleetlink.registry.sim;

import com.fleetlink.registry.core.SidecarOptions;
import java.time.Duration;

/**
 * What every part of one simulated world shares: the scheduler, the trace, Redis, the network, the
 * checker's eye on registry writes, and the timings.
 *
 * @param commandTimeout the Redis client's command timeout (Lettuce's, shortened like every timing here)
 */
record SimEnv(SimScheduler scheduler, SimTrace trace, SimRedisServer redis, SimNetwork network, RegistryWatch watch,
              Duration commandTimeout) {

    /** Short core timings, so one seed sees many heartbeats, reconciles, graces and confirmations. */
    static SidecarOptions options(String instanceId) {
        return new SidecarOptions(instanceId, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofMillis(10),
                Duration.ofSeconds(2));
    }

    /** Long enough for anything started before it to settle: grace, confirmation, two reconciles and a TTL, with room for reconnects. */
    static Duration convergence() {
        SidecarOptions o = options("any");
        return o.grace().plus(o.deathConfirm()).plus(o.reconcileInterval().multipliedBy(2)).plus(o.heartbeatTtl())
                .plus(Duration.ofSeconds(8));
    }
}
