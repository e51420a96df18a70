package com.fleetlink.registry.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seed's world and run: 2–4 instances sharing one simulated Redis, a fleet of devices, a fault
 * phase with device churn and faults, then a quiet convergence period with every ingestion healthy,
 * and the end check. Everything is drawn from the seed and runs on one thread, so a seed replays
 * exactly.
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
    private final FaultSchedule faults;
    private final long faultsEnd;

    /** What one seed did. */
    record Result(long seed, long steps, long traceLines, long digest, long scripts) {
    }

    private Simulation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.trace = new SimTrace(scheduler, TRACE_LINES);
        this.redis = new SimRedisServer(scheduler, trace, random.nextLong(-5000, 5000));
        this.checker = new InvariantChecker(seed, trace, redis);
        this.env = new SimEnv(scheduler, trace, redis, new SimNetwork(scheduler, random.split()), checker, COMMAND_TIMEOUT);
        int count = random.nextInt(2, 5);
        for (int i = 0; i < count; i++) {
            instances.add(new SimInstance(env, "pod-" + (char) ('a' + i), random.nextLong(-3000, 3000), random.split()));
        }
        this.fleet = new DeviceFleet(env, instances, random.nextInt(5, 40), random.split());
        this.faults = new FaultSchedule(env, instances, fleet, random.split());
        this.faultsEnd = EPOCH_MILLIS + random.nextLong(30_000, 80_000);
        checker.watch(instances, fleet);
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
            scheduler.after(random.nextLong(1000, 5000), null, this::nextFault);
            scheduler.runUntil(faultsEnd, checker::afterStep);
            converge();
            scheduler.runUntil(faultsEnd + SimEnv.convergence().toMillis(), checker::afterStep);
            checker.atEnd();
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            SimulationFailure failure = new SimulationFailure(seed, "the simulation threw " + e, trace.tail());
            failure.initCause(e);
            throw failure;
        }
        return new Result(seed, scheduler.executed(), trace.lines(), trace.digest(), redis.data().scripts());
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

    /** Faults stop: Redis runs, the network is quiet, every process is healthy, and half-open sockets close. */
    private void converge() {
        trace.add("world", "faults stop; converging for " + SimEnv.convergence().toMillis() + " ms");
        redis.resumeNow();
        env.network().calm();
        for (SimInstance instance : instances) {
            instance.startSidecar();
            instance.ingestion().heal();
        }
        fleet.settle();
    }
}
