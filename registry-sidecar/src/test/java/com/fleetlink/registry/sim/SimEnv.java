package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.JanitorOptions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every part of one simulated world shares: the scheduler, the trace, Redis, the network, the
 * checker's eyes on registry writes and on commands, and the timings.
 *
 * @param commandTimeout the Redis client's command timeout (Lettuce's, shortened like every timing here)
 */
record SimEnv(SimScheduler scheduler, SimTrace trace, SimRedisServer redis, SimNetwork network, RegistryWatch watch,
              CommandWatch commandWatch, Duration commandTimeout) {

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

    /** The workload draws command expiries up to this. */
    static final long MAX_EXPIRE_MS = 10_000;
    /** The workload draws response timeouts up to this. */
    static final long MAX_RESPONSE_TIMEOUT_MS = 2000;
    /** Claim leases are drawn up to this. */
    private static final long MAX_CLAIM_LEASE_MS = 2000;
    /** Short, so that an outcome slowed by a latency spike can land after its lease. */
    private static final Duration LEASE_MARGIN = Duration.ofMillis(300);
    /** In-flight limits drawn: one small enough that outcomes kept while Redis is away overflow it. */
    private static final int[] MAX_IN_FLIGHT = {2, 8, CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT};

    /**
     * One seed's command dispatch: on, with a claim lease of 1–2 s, the in-flight limit and the queue
     * limit drawn, the default sweep interval, and in a quarter of the seeds an allow-list that lets
     * only {@code setdigout} through.
     */
    static CommandDispatchOptions dispatchOptions(SplittableRandom random) {
        CommandStoreOptions store = new CommandStoreOptions(random.nextBoolean() ? 4 : CommandStoreOptions.DEFAULT_QUEUE_LIMIT,
                CommandStoreOptions.DEFAULT_RETENTION, CommandStoreOptions.DEFAULT_STREAM_MAX_LEN);
        List<String> allow = random.nextInt(4) == 0 ? List.of("setdigout *") : List.of();
        return new CommandDispatchOptions(true, allow, MAX_IN_FLIGHT[random.nextInt(MAX_IN_FLIGHT.length)],
                CommandDispatchOptions.DEFAULT_SWEEP_INTERVAL, Duration.ofMillis(random.nextLong(1000, MAX_CLAIM_LEASE_MS + 1)),
                LEASE_MARGIN, store);
    }

    /**
     * Long enough for anything started before it to settle, with room for reconnects: for the cores,
     * grace, confirmation, two reconciles and a TTL; where pods died for good, for the janitors too: the
     * heartbeat TTL of a pod that died, the lease it may have held running out, the confirmation over two
     * sweeps, a short breaker hold, and a whole fleet's deletes at the slowest limit; for commands, the
     * last one enqueued reaching its expiry, a last attempt claimed just before it running out its
     * longest lease, and the sweep that ends it.
     */
    static Duration convergence(int devices, boolean deaths) {
        SidecarOptions o = options("any");
        Duration cores = o.grace().plus(o.deathConfirm()).plus(o.reconcileInterval().multipliedBy(2)).plus(o.heartbeatTtl());
        Duration commands = Duration.ofMillis(MAX_EXPIRE_MS + Math.max(MAX_CLAIM_LEASE_MS, MAX_RESPONSE_TIMEOUT_MS))
                .plus(LEASE_MARGIN).plus(CommandDispatchOptions.DEFAULT_SWEEP_INTERVAL);
        Duration longest = cores.compareTo(commands) > 0 ? cores : commands;
        if (deaths) {
            Duration janitors = o.heartbeatTtl().plus(Duration.ofMillis(MAX_JANITOR_INTERVAL_MS * 5)).plus(o.deathConfirm())
                    .plus(Duration.ofMillis(MAX_SHORT_HOLD_MS)).plus(Duration.ofMillis(1000L * devices / SLOWEST_DELETES));
            longest = longest.compareTo(janitors) > 0 ? longest : janitors;
        }
        return longest.plus(Duration.ofSeconds(8));
    }
}
