package com.fleetlink.registry.core;

import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a repair does with a field that names another instance (design §4 rule 4): a live
 * owner keeps it (a conflict, counted); an owner that {@link DeathWatch} confirms dead loses it by
 * compare-and-set, fenced by the owner's decision stamp as seen, so the owner re-registering in
 * between wins; an owner absent but not yet confirmed dead keeps it until a later reconcile looks
 * again. One look per owner at a time, however many devices it names. Part of the writer; confined
 * to the core loop.
 */
final class OwnerCheck {
    private final CoreLoop loop;
    private final HeldSet held;
    private final RedisClock clock;
    private final RedisLink link;
    private final DeathWatch deaths;
    private final Journal journal;
    private final RegistryWriter writer;
    /** Devices waiting for a verdict on their field's owner, by owner. */
    private final Map<String, List<Conflict>> waiting = new HashMap<>();

    OwnerCheck(CoreLoop loop, HeldSet held, RedisClock clock, RedisLink link, DeathWatch deaths, Journal journal,
               RegistryWriter writer) {
        this.loop = loop;
        this.held = held;
        this.clock = clock;
        this.link = link;
        this.deaths = deaths;
        this.journal = journal;
        this.writer = writer;
    }

    private record Conflict(String imei, long ownerAt) {
    }

    /** A repair of {@code imei} found {@code owner}'s field stamped {@code ownerAt}; the device stays in flight until judged. */
    void conflict(String imei, String owner, long ownerAt) {
        List<Conflict> list = waiting.get(owner);
        if (list != null) {
            list.add(new Conflict(imei, ownerAt));
            return;
        }
        list = new ArrayList<>();
        list.add(new Conflict(imei, ownerAt));
        waiting.put(owner, list);
        RegistryStore r = link.writable();
        if (r == null) {
            failed(owner, new StoreFailure.Unsent("redis is not taking work", null));
            return;
        }
        loop.whenDone(r.lookHeartbeat(owner), (look, error) -> {
            if (error != null) {
                failed(owner, error);
                return;
            }
            List<Conflict> judged = waiting.remove(owner);
            switch (deaths.record(owner, look)) {
                case ALIVE -> judged.forEach(c -> {
                    journal.outcome(RedisOperation.REPAIR, c.imei(), RedisOutcome.CONFLICT, owner);
                    writer.conflictKept(c.imei(), owner);
                    writer.settled(c.imei());
                });
                case ABSENT -> judged.forEach(c -> {
                    // Not yet confirmed dead: the next reconcile looks again.
                    journal.outcome(RedisOperation.LIVENESS, c.imei(), RedisOutcome.ABSENT, owner);
                    writer.settled(c.imei());
                });
                case DEAD -> judged.forEach(c -> replace(c, owner));
            }
        });
    }

    private void replace(Conflict c, String owner) {
        HeldSet.Entry entry = held.get(c.imei());
        RegistryStore r = link.writable();
        if (entry == null || r == null) {
            writer.settled(c.imei());
            if (entry != null) {
                writer.markDirty(c.imei());
            }
            return;
        }
        loop.whenDone(r.replaceDead(c.imei(), owner, c.ownerAt(), clock.toRedis(entry.atNanos())), (taken, error) -> {
            if (error != null) {
                writer.failed(RedisOperation.REPLACE_DEAD, List.of(c.imei()), false, error);
                return;
            }
            journal.outcome(RedisOperation.REPLACE_DEAD, c.imei(), taken ? RedisOutcome.REPLACED : RedisOutcome.CHANGED, owner);
            if (taken) {
                writer.repaired();
            }
            writer.settled(c.imei());
        });
    }

    private void failed(String owner, StoreFailure error) {
        List<Conflict> judged = waiting.remove(owner);
        List<String> imeis = judged.stream().map(Conflict::imei).toList();
        writer.failed(RedisOperation.LIVENESS, imeis, false, error);
    }
}
