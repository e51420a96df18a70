package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CommandDispatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seed's world and run: 2–4 instances sharing one simulated Redis, and more whose pods die for
 * good together during the fault phase (one at most when the breaker hold is long), each sidecar with
 * its janitor (the lease on or off and the breaker hold long or short, by the seed); a fleet of
 * devices, a fault phase with device churn and faults, then a quiet convergence period with every
 * surviving ingestion healthy, and the end check. Throughout the fault phase a workload sends
 * commands, which the sidecars dispatch and the ingestions' devices answer (or not). Everything is
 * drawn from the seed and runs on one thread, so a seed replays exactly.
 */
final class Simulation {
    /** Virtual time at the start: any plausible epoch. */
    static final long EPOCH_MILLIS = 1_733_500_000_000L;
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final int TRACE_LINES = 400;

    private final long seed;
    private final SplittableRandom random;
    private final SimScheduler scheduler = new SimScheduler(EPOCH_MILLIS);
    private final SimTrace trace;
    private final SimRedisServer redis;
    private final InvariantChecker checker;
    private final SimEnv env;
    private final List<SimInstance> instances = new ArrayList<>();
    private final DeviceFleet fleet;
    private final CommandWorkload workload;
    private final FaultSchedule faults;
    private final long faultsEnd;
    private final int deaths;
    private final Duration convergence;

    /**
     * What one seed did.
     *
     * @param deaths         pods that died for good
     * @param janitorDeletes fields the janitors deleted
     * @param commands       what the commands did
     */
    record Result(long seed, long steps, long traceLines, long digest, long scripts, int deaths, long janitorDeletes,
                  CommandInvariants.Counts commands) {
    }

    private Simulation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.trace = new SimTrace(scheduler, TRACE_LINES);
        this.checker = new InvariantChecker(seed, trace);
        this.redis = new SimRedisServer(scheduler, trace, random.nextLong(-5000, 5000), random.nextBoolean(), checker);
        this.env = new SimEnv(scheduler, trace, redis, new SimNetwork(scheduler, random.split()), checker,
                checker.commands(), COMMAND_TIMEOUT);
        int count = random.nextInt(2, 5);
        // A long hold keeps the breaker shut on a dead majority, so those seeds lose at most one pod for
        // good: one dead pod never trips it, and more could leave their fields for ever. With a short
        // hold the dead may be the majority: the breaker trips, then the hold lets them be cleaned.
        boolean shortHold = random.nextInt(4) == 0;
        Duration hold = shortHold ? Duration.ofMillis(random.nextLong(1000, SimEnv.MAX_SHORT_HOLD_MS))
                : Duration.ofSeconds(random.nextLong(20, 60));
        this.deaths = shortHold ? random.nextInt(1, count + 2) : random.nextInt(4) == 0 ? 0 : 1;
        boolean lease = random.nextBoolean();
        CommandDispatchOptions dispatch = SimEnv.dispatchOptions(random);
        for (int i = 0; i < count + deaths; i++) {
            instances.add(new SimInstance(env, "pod-" + (char) ('a' + i), random.nextLong(-3000, 3000),
                    SimEnv.janitorOptions(random, hold, lease), dispatch, random.split()));
        }
        this.fleet = new DeviceFleet(env, instances, random.nextInt(5, 40), random.split());
        this.workload = new CommandWorkload(env, fleet, dispatch.store().queueLimit(), random.split());
        this.faults = new FaultSchedule(env, instances, fleet, random.split());
        this.faultsEnd = EPOCH_MILLIS + random.nextLong(30_000, 80_000);
        this.convergence = SimEnv.convergence(fleet.size(), deaths > 0);
        checker.watch(redis, instances, fleet);
        trace.add("world", "janitors: lease " + (lease ? "on" : "off") + ", breaker hold " + hold.toMillis() + " ms");
        trace.add("world", "commands: claim lease " + dispatch.claimLease().toMillis() + " ms, in flight at most "
                + dispatch.maxInFlight() + ", queues of " + dispatch.store().queueLimit() + "; redis "
                + (redis.persistence().everyWrite() ? "persists (AOF, fsync always)" : "keeps nothing across a restart"));
    }

    /** Runs seed {@code seed} to the end; throws {@link SimulationFailure} when an invariant breaks. */
    static Result run(long seed) {
        return new Simulation(seed).run();
    }

    private Result run() {
        try {
            trace.add("world", instances.size() + " instances, " + fleet.size() + " devices, faults until " + faultsEnd);
            for (SimInstance instance : instances) {
                scheduler.after(random.nextLong(0, 500), null, instance::startSidecar);
                scheduler.after(random.nextLong(0, 1000), null, () -> instance.ingestion().start());
            }
            repeat(50, 400, fleet::act);
            repeat(100, 600, workload::act);
            scheduler.after(random.nextLong(1000, 5000), null, this::nextFault);
            // The doomed pods share a node: it is lost, and they die within a second of each other.
            long nodeLost = random.nextLong(EPOCH_MILLIS + 3000, faultsEnd);
            for (int i = instances.size() - deaths; i < instances.size(); i++) {
                int doomed = i;
                scheduler.at(nodeLost + random.nextLong(1000), () -> {
                    instances.get(doomed).dieForGood();
                    fleet.evacuate(doomed);
                });
            }
            scheduler.runUntil(faultsEnd, checker::afterStep);
            converge();
            scheduler.runUntil(faultsEnd + convergence.toMillis(), checker::afterStep);
            checker.atEnd();
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            SimulationFailure failure = new SimulationFailure(seed, "the simulation threw " + e, trace.tail());
            failure.initCause(e);
            throw failure;
        }
        return new Result(seed, scheduler.executed(), trace.lines(), trace.digest(), redis.data().scripts(), deaths,
                checker.janitorDeletes(), checker.commands().counts());
    }

    /** Runs {@code action} at random intervals until the fault phase ends. */
    private void repeat(long minMillis, long maxMillis, Runnable action) {
        scheduler.after(random.nextLong(minMillis, maxMillis), null, () -> {
            if (scheduler.nowMillis() < faultsEnd) {
                action.run();
                repeat(minMillis, maxMillis, action);
            }
        });
    }

    private void nextFault() {
        if (scheduler.nowMillis() < faultsEnd) {
            faults.inject();
            scheduler.after(random.nextLong(500, 6000), null, this::nextFault);
        }
    }

    /** Faults stop: Redis runs, the network is quiet, every surviving pod's processes are healthy, half-open sockets close. */
    private void converge() {
        trace.add("world", "faults stop; converging for " + convergence.toMillis() + " ms");
        redis.resumeNow();
        env.network().calm();
        for (SimInstance instance : instances) {
            if (instance.gone()) {
                continue;
            }
            instance.startSidecar();
            instance.ingestion().heal();
        }
        fleet.settle();
    }
}
