package com.fleetlink.registry.sim;

import com.fleetlink.registry.core.SidecarCore;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * One sidecar's Redis client, as its connector behaves: connects (a round trip proves the server
 * answers; nothing does while Redis is down or this path is cut), subscribes to the instance's
 * wake-up channel over it, tells the core (with the command store on it), and when the connection
 * breaks tells the core and reconnects after a backoff of 50 ms doubling to 2 s.
 */
final class SimRedisClient {
    private static final long MIN_BACKOFF = 50;
    private static final long MAX_BACKOFF = 2000;

    private final SimEnv env;
    private final String instanceId;
    private final SidecarCore core;
    private final SplittableRandom random;
    private final ToLongFunction<String> decisions;
    private final int queueLimit;
    /** The connection being set up or in use. */
    private SimConnection connection;
    /** The connection the core was told of, until it breaks. */
    private SimConnection live;
    private long backoff = MIN_BACKOFF;
    private int attempts;
    private boolean stopped;

    SimRedisClient(SimEnv env, String instanceId, SidecarCore core, SplittableRandom random, ToLongFunction<String> decisions,
                   int queueLimit) {
        this.env = env;
        this.queueLimit = queueLimit;
        this.instanceId = instanceId;
        this.core = core;
        this.random = random;
        this.decisions = decisions;
    }

    void start() {
        attempt();
    }

    /** The connection in use, or null. */
    SimConnection connection() {
        return live;
    }

    /** A network fault breaks the connection; the client notices and reconnects. */
    void drop() {
        SimConnection c = connection();
        if (c != null) {
            c.broken(true);
            lost(c);
        }
    }

    /** The process is gone: its connection breaks and nobody reconnects. */
    void stop() {
        stopped = true;
        if (connection != null) {
            connection.broken(true);
        }
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        if (!env.redis().up() || env.network().cut(instanceId)) {
            retryLater();
            return;
        }
        attempts++;
        SimConnection c = new SimConnection(env, instanceId, "redis[" + instanceId + "#" + attempts + "]", random.split(),
                decisions, this::lost);
        connection = c;
        c.ping().whenComplete((ok, error) -> {
            if (stopped || connection != c) {
                return;
            }
            if (error != null || !c.isOpen()) {
                c.broken(true);
                retryLater();
                return;
            }
            backoff = MIN_BACKOFF;
            live = c;
            env.trace().add(instanceId, "redis connected");
            env.redis().subscribe(instanceId, c, core::wake);
            core.redisConnected(c, new SimCommandStore(c, env, instanceId, queueLimit));
        });
    }

    private void lost(SimConnection c) {
        if (stopped || live != c) {
            return;
        }
        live = null;
        env.trace().add(instanceId, "redis disconnected");
        core.redisDisconnected();
        retryLater();
    }

    private void retryLater() {
        long wait = backoff / 2 + random.nextLong(backoff / 2 + 1);
        backoff = Math.min(MAX_BACKOFF, backoff * 2);
        env.scheduler().after(wait, null, this::attempt);
    }
}
