package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.Persistence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code redis-server} process around {@link SimRedis}: whether it is up, paused (SIGSTOP:
 * commands that arrive wait and run in arrival order at resume), or restarted (its connections
 * break, queued commands are lost; empty, unless it persists with AOF). Its {@code TIME} is virtual time plus its own offset.
 * It carries the instances' wake-up channels too: a hint reaches a subscriber whose connection is
 * open when it is published and when it arrives, and is lost otherwise, as pub/sub loses it.
 */
final class SimRedisServer {
    private final SimScheduler scheduler;
    private final SimTrace trace;
    private final SimRedis data;
    private final RegistryWatch watch;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private final List<SimConnection> connections = new ArrayList<>();
    /** Each instance's wake-up channel subscriber, by instance id. */
    private final Map<String, Subscriber> subscribers = new HashMap<>();
    private boolean up = true;
    private long pausedUntil;

    /** A subscription to an instance's wake-up channel, made over {@code via}. */
    private record Subscriber(SimConnection via, Consumer<String> onWake) {
    }

    /** Whether it runs with AOF and {@code appendfsync always}: a restart then loses nothing acknowledged. */
    private final boolean persistent;

    SimRedisServer(SimScheduler scheduler, SimTrace trace, long timeOffsetMillis, boolean persistent, RegistryWatch watch) {
        this.scheduler = scheduler;
        this.persistent = persistent;
        this.trace = trace;
        this.watch = watch;
        this.data = new SimRedis(() -> scheduler.nowMillis() + timeOffsetMillis);
    }

    /** What {@code INFO persistence} and {@code CONFIG GET appendfsync} say. */
    Persistence persistence() {
        return persistent ? new Persistence(true, "always") : new Persistence(false, "no");
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

    /** {@code instance} listens on its wake-up channel over {@code via} (again after each reconnect), replacing an older subscription. */
    void subscribe(String instance, SimConnection via, Consumer<String> onWake) {
        subscribers.put(instance, new Subscriber(via, onWake));
    }

    /**
     * {@code PUBLISH} of a hint on {@code instance}'s wake-up channel, run at the server; it reaches the
     * subscriber one way later if its connection is still open. Returns how many listened.
     */
    long publish(String instance, String imei, long oneWayMillis) {
        Subscriber s = subscribers.get(instance);
        if (s == null || !s.via().isOpen()) {
            return 0;
        }
        scheduler.after(oneWayMillis, null, () -> {
            if (s.via().isOpen()) {
                s.onWake().accept(imei);
            }
        });
        return 1;
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

    /**
     * Killed and started again after {@code downMillis}, every connection broken: empty, or with every
     * acknowledged write when it persists.
     */
    void restart(long downMillis) {
        trace.add("redis", "restarting " + (persistent ? "from its AOF" : "empty") + ", down " + downMillis + " ms");
        up = false;
        pausedUntil = 0;
        waiting.clear();
        if (!persistent) {
            // Told first: the checker sets aside the commands the restart is about to destroy.
            watch.flushed(data.time());
            data.flushAll();
        }
        for (SimConnection c : List.copyOf(connections)) {
            c.broken(false);
        }
        scheduler.after(downMillis, null, () -> {
            up = true;
            trace.add("redis", "up again");
        });
    }
}
