package com.fleetlink.registry.sim;

import java.util.SplittableRandom;

/**
 * One-way latency between the sidecars and Redis: a millisecond or two normally, hundreds during a
 * latency spike (longer than the command timeout, so commands time out and still run).
 */
final class SimNetwork {
    private final SimScheduler scheduler;
    private final SplittableRandom random;
    private long spikeUntil;
    private long spikeMax;

    SimNetwork(SimScheduler scheduler, SplittableRandom random) {
        this.scheduler = scheduler;
        this.random = random;
    }

    /** The latency of one message sent now, in ms. */
    long oneWay() {
        if (scheduler.nowMillis() < spikeUntil) {
            return random.nextLong(spikeMax / 4, spikeMax + 1);
        }
        return random.nextInt(10) == 0 ? random.nextLong(2, 8) : random.nextLong(0, 2);
    }

    /** Latencies up to {@code maxMillis} for the next {@code durationMillis}. */
    void spike(long durationMillis, long maxMillis) {
        spikeUntil = scheduler.nowMillis() + durationMillis;
        spikeMax = maxMillis;
    }

    /** Ends any spike: the convergence period runs on a quiet network. */
    void calm() {
        spikeUntil = 0;
    }
}
