package com.fleetlink.registry.sim;

import com.fleetlink.registry.core.CoreLoop;

/**
 * The core loop of one sidecar process on virtual time. A killed loop (the process is gone) runs
 * nothing more, so a discarded core's timers and completions die with it.
 */
final class SimLoop implements CoreLoop {
    private final SimScheduler scheduler;
    private final HostClock clock;
    private boolean killed;

    SimLoop(SimScheduler scheduler, HostClock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        SimScheduler.Task t = scheduler.after(delayMillis, this, () -> {
            if (!killed) {
                task.run();
            }
        });
        return t::cancel;
    }

    @Override
    public long nanoTime() {
        return scheduler.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return clock.millis();
    }

    @Override
    public boolean inLoop() {
        return scheduler.owner() == this;
    }

    /** The process is gone: nothing scheduled on this loop runs any more. */
    void kill() {
        killed = true;
    }
}
