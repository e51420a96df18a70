package com.fleetlink.registry.sim;

/**
 * One host's wall clock: virtual time plus an offset that faults step. The sidecar and the ingestion
 * of one pod read the same host clock; the monotonic clock is the scheduler's and never steps.
 */
final class HostClock {
    private final SimScheduler scheduler;
    private long offsetMillis;

    HostClock(SimScheduler scheduler, long offsetMillis) {
        this.scheduler = scheduler;
        this.offsetMillis = offsetMillis;
    }

    long millis() {
        return scheduler.nowMillis() + offsetMillis;
    }

    /** An NTP step or an operator's {@code date -s}: the wall clock jumps by {@code deltaMillis}. */
    void step(long deltaMillis) {
        offsetMillis += deltaMillis;
    }
}
