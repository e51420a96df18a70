package com.fleetlink.registry.core;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/** The core loop on a Netty event executor, with the system clocks. */
public final class NettyCoreLoop implements CoreLoop {
    private final EventExecutor executor;

    public NettyCoreLoop(EventExecutor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Timer schedule(Runnable task, long delayMillis) {
        io.netty.util.concurrent.ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public boolean inLoop() {
        return executor.inEventLoop();
    }
}
