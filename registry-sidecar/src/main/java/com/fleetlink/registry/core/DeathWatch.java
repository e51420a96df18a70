package com.fleetlink.registry.core;

import com.fleetlink.registry.store.HeartbeatLook;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one definition of a dead instance (design §8), shared by repairs and the janitor: its
 * heartbeat key was absent on two looks whose Redis {@code TIME} lies at least the confirm period
 * apart, and on every look in between. Each look carries the time Redis read with it, so a paused or
 * restarted Redis, a failover or a host clock step cannot confirm a death by itself: a live sidecar
 * writes its heartbeat again as soon as Redis answers. A look whose time went backwards, or that
 * comes more than a heartbeat TTL after the previous one (a heartbeat could have come and gone
 * unseen), starts the history again. Confined to the core loop.
 */
public final class DeathWatch {
    /** Instances followed at most; beyond it the oldest history is dropped (it only delays a verdict). */
    static final int MAX_TRACKED = 10_000;

    private final long confirmMillis;
    private final long ttlMillis;
    private final Map<String, Absence> absent = new HashMap<>();

    /**
     * @param confirm how long the key must stay absent ({@code --janitor-confirm})
     * @param ttl     the heartbeat TTL: looks further apart than this prove nothing about the time between
     */
    public DeathWatch(Duration confirm, Duration ttl) {
        this.confirmMillis = confirm.toMillis();
        this.ttlMillis = ttl.toMillis();
    }

    /** What the looks so far say about an instance. */
    public enum Verdict {
        /** Its heartbeat was there on the last look. */
        ALIVE,
        /** Absent, but not yet for the confirm period. */
        ABSENT,
        /** Absent on every look for at least the confirm period. */
        DEAD
    }

    private record Absence(long firstMillis, long lastMillis) {
    }

    /** Records a look at {@code instance}'s heartbeat and returns the verdict. */
    public Verdict record(String instance, HeartbeatLook look) {
        if (look.present()) {
            absent.remove(instance);
            return Verdict.ALIVE;
        }
        long t = look.redisMillis();
        Absence seen = absent.get(instance);
        if (seen == null || t < seen.lastMillis() || t - seen.lastMillis() > ttlMillis) {
            if (seen == null && absent.size() >= MAX_TRACKED) {
                absent.remove(absent.keySet().iterator().next());
            }
            absent.put(instance, new Absence(t, t));
            return confirmMillis == 0 ? Verdict.DEAD : Verdict.ABSENT;
        }
        absent.put(instance, new Absence(seen.firstMillis(), t));
        return t - seen.firstMillis() >= confirmMillis ? Verdict.DEAD : Verdict.ABSENT;
    }
}
