package com.fleetlink.registry.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trackers: each connects to an instance, reconnects there (superseding its older socket), moves
 * to another instance (its old socket closing at once or staying half-open for a while), or
 * disconnects. When a pod dies for good, each of its devices moves to another one or goes quiet for
 * the rest of the run (a tracker switched off: its field is left naming the dead pod). Keeps the ground
 * truth: each device's latest handshake.
 */
final class DeviceFleet {
    private final SimEnv env;
    private final List<SimInstance> instances;
    private final SplittableRandom random;
    private final Map<String, Device> devices = new LinkedHashMap<>();

    /** A device and its latest handshake: on which instance, on which socket; instance -1 before the first. */
    static final class Device {
        final String imei;
        int instance = -1;
        long conn = -1;
        /** Switched off for the rest of the run. */
        boolean quiet;

        Device(String imei) {
            this.imei = imei;
        }
    }

    DeviceFleet(SimEnv env, List<SimInstance> instances, int count, SplittableRandom random) {
        this.env = env;
        this.instances = instances;
        this.random = random;
        while (devices.size() < count) {
            String imei = Long.toString(350_000_000_000_000L + random.nextLong(10_000_000_000_000L));
            devices.put(imei, new Device(imei));
        }
    }

    List<Device> devices() {
        return new ArrayList<>(devices.values());
    }

    int size() {
        return devices.size();
    }

    /** Whether the device's latest socket is still its ingestion's current one. */
    boolean latestOpen(Device d) {
        return d.instance >= 0 && instances.get(d.instance).ingestion().holds(d.imei, d.conn);
    }

    /** The convergence period has begun: devices stay where they are. */
    private boolean settled;

    /** One device does something. */
    void act() {
        Device d = devices().get(random.nextInt(devices.size()));
        if (d.quiet) {
            return;
        }
        if (!latestOpen(d)) {
            connect(d, random.nextInt(instances.size()));
            return;
        }
        int roll = random.nextInt(10);
        if (roll < 2) {
            env.trace().add(d.imei, "disconnects from " + instances.get(d.instance).id());
            instances.get(d.instance).ingestion().close(d.imei, d.conn);
        } else if (roll < 5 && instances.size() > 1) {
            move(d);
        } else if (roll < 7 && instances.size() > 1) {
            // Moves again before the first move's registration is written: the two race to Redis.
            move(d);
            env.scheduler().after(random.nextLong(0, 400), null, () -> {
                if (!settled) {
                    move(d);
                }
            });
        } else {
            connect(d, d.instance);
        }
    }

    private void move(Device d) {
        int from = Math.max(0, d.instance);
        connect(d, (from + 1 + random.nextInt(instances.size() - 1)) % instances.size());
    }

    private void connect(Device d, int to) {
        SimInstance target = instances.get(to);
        long conn = target.ingestion().handshake(d.imei);
        if (conn < 0) {
            return;
        }
        int from = d.instance;
        long oldConn = d.conn;
        d.instance = to;
        d.conn = conn;
        env.trace().add(d.imei, "handshake on " + target.id() + " conn " + conn);
        if (from >= 0 && from != to) {
            SimIngestion old = instances.get(from).ingestion();
            if (random.nextInt(10) < 6) {
                old.close(d.imei, oldConn);
            } else {
                long halfOpen = random.nextLong(1000, 20_000);
                env.trace().add(d.imei, "old socket on " + instances.get(from).id() + " half-open for " + halfOpen + " ms");
                env.scheduler().after(halfOpen, null, () -> old.close(d.imei, oldConn));
            }
        }
    }

    /**
     * Pod {@code instance} died for good: each device whose latest handshake was there reconnects to a
     * live pod a moment later, or goes quiet for the rest of the run.
     */
    void evacuate(int instance) {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            if (!instances.get(i).gone()) {
                live.add(i);
            }
        }
        for (Device d : devices.values()) {
            if (d.instance != instance) {
                continue;
            }
            if (random.nextBoolean()) {
                d.quiet = true;
                env.trace().add(d.imei, "goes quiet");
                continue;
            }
            int to = live.get(random.nextInt(live.size()));
            env.scheduler().after(random.nextLong(100, 3000), null, () -> {
                if (!settled && d.instance == instance) {
                    connect(d, to);
                }
            });
        }
    }

    /** A burst: the devices on {@code instance} reconnect there many times at once, overflowing its hand-off. */
    void flood(int instance) {
        SimInstance target = instances.get(instance);
        env.trace().add(target.id(), "flood");
        target.ingestion().overload(300);
        for (Device d : devices.values()) {
            if (d.instance == instance && latestOpen(d)) {
                int times = random.nextInt(3, 10);
                for (int i = 0; i < times; i++) {
                    env.scheduler().after(random.nextLong(0, 200), null, () -> {
                        if (d.instance == instance) {
                            connect(d, instance);
                        }
                    });
                }
            }
        }
    }

    /**
     * The fleet settles for the convergence period: no device moves any more (a second move scheduled
     * before is dropped), and every socket that is not its device's latest closes now: half-open
     * sockets do not last for ever.
     */
    void settle() {
        settled = true;
        for (int i = 0; i < instances.size(); i++) {
            SimIngestion ingestion = instances.get(i).ingestion();
            for (Map.Entry<String, Long> e : ingestion.channels().entrySet()) {
                Device d = devices.get(e.getKey());
                if (d.instance != i || d.conn != e.getValue()) {
                    ingestion.close(e.getKey(), e.getValue());
                }
            }
        }
    }
}
