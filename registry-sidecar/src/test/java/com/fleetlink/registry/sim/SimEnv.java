package com.fleetlink.registry.sim;

import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.JanitorOptions;
import java.time.Duration;
import java.util.SplittableRandom;

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

    /** Janitor intervals are drawn below this: under the heartbeat TTL, as the daemon requires. */
    static final long MAX_JANITOR_INTERVAL_MS = 2000;
    /** A short breaker hold, which some seeds use, is drawn below this. */
    static final long MAX_SHORT_HOLD_MS = 5000;
    /** The slowest delete limit drawn, per second. */
    private static final int SLOWEST_DELETES = 10;
    private static final int[] MAX_DELETES = {0, SLOWEST_DELETES, 100, JanitorOptions.DEFAULT_MAX_DELETES};

    /**
     * One sidecar's janitor: an interval short enough for many sweeps per seed, a delete limit drawn
     * from none to the slowest that still cleans a whole fleet within the convergence period.
     */
    static JanitorOptions janitorOptions(SplittableRandom random, Duration breakerHold, boolean lease) {
        return new JanitorOptions(Duration.ofMillis(random.nextLong(400, MAX_JANITOR_INTERVAL_MS)),
                MAX_DELETES[random.nextInt(MAX_DELETES.length)], breakerHold, false, lease);
    }

    /**
     * Long enough for anything started before it to settle, with room for reconnects: for the cores,
     * grace, confirmation, two reconciles and a TTL; where pods died for good, for the janitors too: the
     * heartbeat TTL of a pod that died, the lease it may have held running out, the confirmation over two
     * sweeps, a short breaker hold, and a whole fleet's deletes at the slowest limit.
     */
    static Duration convergence(int devices, boolean deaths) {
        SidecarOptions o = options("any");
        Duration cores = o.grace().plus(o.deathConfirm()).plus(o.reconcileInterval().multipliedBy(2)).plus(o.heartbeatTtl());
        if (!deaths) {
            return cores.plus(Duration.ofSeconds(8));
        }
        Duration janitors = o.heartbeatTtl().plus(Duration.ofMillis(MAX_JANITOR_INTERVAL_MS * 5)).plus(o.deathConfirm())
                .plus(Duration.ofMillis(MAX_SHORT_HOLD_MS)).plus(Duration.ofMillis(1000L * devices / SLOWEST_DELETES));
        return (cores.compareTo(janitors) > 0 ? cores : janitors).plus(Duration.ofSeconds(8));
    }
}
