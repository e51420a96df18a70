package com.fleetlink.registry.sim;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one seed, one at a time: latency spikes, Redis pauses (some longer than the
 * heartbeat TTL), dropped connections, one instance cut off from Redis (some longer than the
 * heartbeat TTL and the death confirmation: the janitors may clean up after it, its reconcile restores
 * its entries), Redis restarts (empty, or from its AOF where the seed's Redis persists), host clock
 * steps, ingestion crashes, wedges, floods and graceful restarts, sidecar restarts (killed, or
 * stopped gracefully), and stalls of an ingestion's command hand-off (its outcomes land late, some
 * after their leases lapsed or a newer attempt was claimed).
 */
final class FaultSchedule {
    private final SimEnv env;
    private final List<SimInstance> instances;
    private final DeviceFleet fleet;
    private final SplittableRandom random;

    FaultSchedule(SimEnv env, List<SimInstance> instances, DeviceFleet fleet, SplittableRandom random) {
        this.env = env;
        this.instances = instances;
        this.fleet = fleet;
        this.random = random;
    }

    /** Injects one fault, drawn from the seed. */
    void inject() {
        int which = random.nextInt(instances.size());
        SimInstance instance = instances.get(which);
        switch (random.nextInt(15)) {
            case 0 -> {
                long duration = random.nextLong(500, 5000);
                long max = random.nextLong(100, 900);
                String on = random.nextBoolean() ? instance.id() : null;
                env.trace().add("fault", "latency spike up to " + max + " ms for " + duration + " ms on " + (on == null ? "every path" : on));
                env.network().spike(on, duration, max);
            }
            case 1 -> {
                long pause = random.nextInt(4) == 0 ? random.nextLong(10_000, 70_000) : random.nextLong(1000, 8000);
                env.trace().add("fault", "redis paused " + pause + " ms");
                env.redis().pause(pause);
            }
            case 2 -> {
                env.trace().add("fault", "redis connection of " + instance.id() + " dropped");
                if (instance.redis() != null) {
                    instance.redis().drop();
                }
            }
            case 3 -> {
                env.trace().add("fault", "redis restarts");
                env.redis().restart(random.nextLong(100, 3000));
            }
            case 4 -> {
                long step = (random.nextBoolean() ? 1 : -1) * random.nextLong(10_000, 60_000);
                env.trace().add("fault", "clock of " + instance.id() + " steps " + step + " ms");
                instance.clock().step(step);
            }
            case 5 -> {
                env.trace().add("fault", "ingestion of " + instance.id() + " crashes");
                instance.ingestion().crash();
                later(random.nextLong(300, 5000), () -> instance.ingestion().start());
            }
            case 6 -> {
                env.trace().add("fault", "ingestion of " + instance.id() + " wedges");
                instance.ingestion().wedge(random.nextLong(1000, 10_000));
            }
            case 7 -> {
                env.trace().add("fault", "ingestion of " + instance.id() + " floods");
                fleet.flood(which);
            }
            case 8 -> {
                env.trace().add("fault", "ingestion of " + instance.id() + " shuts down");
                instance.ingestion().shutdown();
                later(random.nextLong(2500, 6000), () -> instance.ingestion().start());
            }
            case 9 -> {
                env.trace().add("fault", "sidecar of " + instance.id() + " is killed");
                instance.killSidecar();
                later(random.nextLong(100, 2000), instance::startSidecar);
            }
            case 10 -> {
                env.trace().add("fault", "sidecar of " + instance.id() + " is stopped and started again");
                long restartAfter = random.nextLong(500, 3000);
                instance.stopSidecar(Duration.ofMillis(random.nextLong(200, 2000)),
                        () -> later(restartAfter, instance::startSidecar));
            }
            case 11 -> {
                // Long enough, often, for its heartbeat to lapse and the janitors to confirm it dead.
                long duration = random.nextLong(1000, 10_000);
                env.trace().add("fault", "path of " + instance.id() + " to redis cut for " + duration + " ms");
                env.network().partition(instance.id(), duration);
                if (instance.redis() != null) {
                    instance.redis().drop();
                }
            }
            case 12, 13 -> {
                // Longer than a claim's lease and the dispatcher's own wait for its outcome: a newer attempt can be claimed meanwhile.
                env.trace().add("fault", "command hand-off of " + instance.id() + " stalls");
                instance.ingestion().stallCommands(random.nextLong(2000, 10_000));
            }
            default -> {
                env.trace().add("fault", "redis connections of every instance dropped");
                instances.forEach(i -> {
                    if (i.redis() != null) {
                        i.redis().drop();
                    }
                });
            }
        }
    }

    private void later(long delayMillis, Runnable action) {
        env.scheduler().after(delayMillis, null, action);
    }
}
