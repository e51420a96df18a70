package com.fleetlink.registry.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code redis-server} process around {@link SimRedis}: whether it is up, paused (SIGSTOP:
 * commands that arrive wait and run in arrival order at resume), or restarted empty (its
 * connections break, queued commands are lost). Its {@code TIME} is virtual time plus its own offset.
 */
final class SimRedisServer {
    private final SimScheduler scheduler;
    private final SimTrace trace;
    private final SimRedis data;
    private final RegistryWatch watch;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final List<SimConnection> connections = new ArrayList<>();
    private boolean up = true;
    private long pausedUntil;

    SimRedisServer(SimScheduler scheduler, SimTrace trace, long timeOffsetMillis, RegistryWatch watch) {
        this.scheduler = scheduler;
        this.trace = trace;
        this.watch = watch;
        this.data = new SimRedis(() -> scheduler.nowMillis() + timeOffsetMillis);
    }

    SimRedis data() {
        return data;
    }

    boolean up() {
        return up;
    }

    boolean paused() {
        return scheduler.nowMillis() < pausedUntil;
    }

    void connected(SimConnection c) {
        connections.add(c);
    }

    void disconnected(SimConnection c) {
        connections.remove(c);
    }

    /** A command reached the server: it runs now, or at resume when paused. */
    void arrive(Runnable command) {
        if (!up) {
            return;
        }
        if (paused()) {
            waiting.add(command);
        } else {
            command.run();
        }
    }

    /** SIGSTOP for {@code millis}, extending a pause already running. */
    void pause(long millis) {
        pausedUntil = Math.max(pausedUntil, scheduler.nowMillis() + millis);
        trace.add("redis", "paused until " + pausedUntil);
        scheduler.at(pausedUntil, this::resume);
    }

    /** SIGCONT now, whatever pause is running. */
    void resumeNow() {
        pausedUntil = scheduler.nowMillis();
        resume();
    }

    private void resume() {
        if (paused() || !up) {
            return;
        }
        if (!waiting.isEmpty()) {
            trace.add("redis", "resumed with " + waiting.size() + " commands waiting");
        }
        while (!waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** Killed and started again empty after {@code downMillis}; every connection breaks. */
    void restartEmpty(long downMillis) {
        trace.add("redis", "restarting empty, down " + downMillis + " ms");
        up = false;
        pausedUntil = 0;
        waiting.clear();
        data.flushAll();
        watch.flushed(data.time());
        for (SimConnection c : List.copyOf(connections)) {
            c.broken(false);
        }
        scheduler.after(downMillis, null, () -> {
            up = true;
            trace.add("redis", "up again, empty");
        });
    }
}
