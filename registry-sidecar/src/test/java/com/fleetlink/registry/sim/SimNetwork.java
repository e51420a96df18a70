package com.fleetlink.registry.sim;

import java.util.SplittableRandom;

/**
 * One-way latency between the sidecars and Redis: a millisecond or two normally, hundreds during a
 * latency spike (longer than the command timeout, so commands time out and still run). A spike hits
 * every instance's path or one instance's only, so one sidecar's writes can land after another's
 * that were decided later. A partition cuts one instance's path altogether for a while: no connection
 * to Redis can be made from it.
 */
final class SimNetwork {
    private final SimScheduler scheduler;
    private final SplittableRandom random;
    private long spikeUntil;
    private long spikeMax;
    /** The instance whose path the spike slows, or null for every path. */
    private String spikeOn;
    private long partitionUntil;
    private String partitioned;

    SimNetwork(SimScheduler scheduler, SplittableRandom random) {
        this.scheduler = scheduler;
        this.random = random;
    }

    /** The latency of one message of {@code instance}'s sent now, in ms. */
    long oneWay(String instance) {
        if (scheduler.nowMillis() < spikeUntil && (spikeOn == null || spikeOn.equals(instance))) {
            return random.nextLong(spikeMax / 4, spikeMax + 1);
        }
        return random.nextInt(10) == 0 ? random.nextLong(2, 8) : random.nextLong(0, 2);
    }

    /** Latencies up to {@code maxMillis} for the next {@code durationMillis}, on {@code instance}'s path or on all (null). */
    void spike(String instance, long durationMillis, long maxMillis) {
        spikeOn = instance;
        spikeUntil = scheduler.nowMillis() + durationMillis;
        spikeMax = maxMillis;
    }

    /** Cuts {@code instance}'s path to Redis for the next {@code durationMillis}. */
    void partition(String instance, long durationMillis) {
        partitioned = instance;
        partitionUntil = scheduler.nowMillis() + durationMillis;
    }

    /** Whether {@code instance}'s path to Redis is cut now. */
    boolean cut(String instance) {
        return scheduler.nowMillis() < partitionUntil && instance.equals(partitioned);
    }

    /** Ends any spike or partition: the convergence period runs on a quiet network. */
    void calm() {
        spikeUntil = 0;
        partitionUntil = 0;
    }
}
