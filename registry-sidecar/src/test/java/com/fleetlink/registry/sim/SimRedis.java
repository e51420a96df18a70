package com.fleetlink.registry.sim;

import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.store.DeadDeletion;
import com.fleetlink.registry.store.HeartbeatLook;
import com.fleetlink.registry.store.HeartbeatOutcome;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.RegistryPage;
import com.fleetlink.registry.store.Registration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Redis' data as our scripts see it, in memory: the registry hash, the decision stamps
 * ({@code at|writer}), and string keys with expiry judged by Redis' own {@code TIME}. Each method is
 * one atomic command with exactly the semantics of its script in {@code redis/*.lua} (which
 * {@code SimRedisMatchesRealRedisTest} holds it to). Knows nothing of time passing or of connections.
 */
final class SimRedis {
    /** HSCAN returns at most this many fields a page, so the simulation pages through small registries too. */
    static final int SCAN_PAGE = 16;

    private final LongSupplier time;
    private final TreeMap<String, String> registry = new TreeMap<>();
    private final Map<String, String> stamps = new HashMap<>();
    private final Map<String, Expiring> strings = new HashMap<>();
    private final SimCommands commands;
    private long scripts;

    private record Expiring(String value, long expiresAt) {
    }

    /** @param time Redis' {@code TIME} in ms */
    SimRedis(LongSupplier time) {
        this.time = time;
        this.commands = new SimCommands(time);
    }

    /** The outbound command scripts' keys. */
    SimCommands commands() {
        return commands;
    }

    long time() {
        return time.getAsLong();
    }

    /** Scripts executed so far. */
    long scripts() {
        return scripts;
    }

    /** {@code FLUSHALL}: an empty restart. */
    void flushAll() {
        registry.clear();
        stamps.clear();
        strings.clear();
        commands.flushAll();
    }

    // ---- scripts ----

    /** register.lua */
    List<RegisterOutcome> register(String instance, long window, List<Registration> registrations) {
        scripts++;
        long now = time();
        List<RegisterOutcome> result = new ArrayList<>(registrations.size());
        for (Registration r : registrations) {
            String current = registry.get(r.imei());
            if (r.fresh() && r.at() >= 0 && now - r.at() <= window) {
                long stamp = current == null ? RegisterOutcome.NO_STAMP : stampOf(r.imei(), current);
                if (stamp > r.at()) {
                    result.add(new RegisterOutcome(RegisterOutcome.Kind.SUPERSEDED, current, stamp));
                } else {
                    write(r.imei(), instance, r.at());
                    result.add(RegisterOutcome.of(RegisterOutcome.Kind.FRESH));
                }
            } else if (current == null) {
                write(r.imei(), instance, r.at());
                result.add(RegisterOutcome.of(RegisterOutcome.Kind.RESTORED));
            } else if (current.equals(instance)) {
                result.add(RegisterOutcome.of(RegisterOutcome.Kind.PRESENT));
            } else {
                result.add(new RegisterOutcome(RegisterOutcome.Kind.CONFLICT, current, stampOf(r.imei(), current)));
            }
        }
        return result;
    }

    /** release.lua: compare-and-delete; the count deleted, or -1 when stale. */
    long release(String instance, long at, long window, Collection<String> imeis) {
        scripts++;
        if (time() - at > window) {
            return -1;
        }
        long deleted = 0;
        for (String imei : imeis) {
            if (instance.equals(registry.get(imei))) {
                registry.remove(imei);
                stamps.remove(imei);
                deleted++;
            }
        }
        return deleted;
    }

    /** replace-dead.lua: compare-and-set on the owner and its stamp. */
    boolean replaceDead(String imei, String instance, String deadOwner, long ownerAt, long at) {
        scripts++;
        if (!deadOwner.equals(registry.get(imei)) || stampOf(imei, deadOwner) != ownerAt) {
            return false;
        }
        write(imei, instance, at);
        return true;
    }

    /** heartbeat.lua */
    HeartbeatOutcome heartbeat(String instance, long at, long maxAge, long ttlSeconds) {
        scripts++;
        long now = time();
        if (now - at > maxAge) {
            return new HeartbeatOutcome(true, false);
        }
        String key = ConnectionRegistry.heartbeatKey(instance);
        boolean existed = get(key) != null;
        strings.put(key, new Expiring(Long.toString(now), now + ttlSeconds * 1000));
        return new HeartbeatOutcome(false, existed);
    }

    /** delete-heartbeat.lua: 1 or 0, or -1 when stale. */
    long deleteHeartbeat(String instance, long at, long window) {
        scripts++;
        if (time() - at > window) {
            return -1;
        }
        return del(ConnectionRegistry.heartbeatKey(instance));
    }

    /** look-heartbeat.lua */
    HeartbeatLook lookHeartbeat(String instance) {
        scripts++;
        return new HeartbeatLook(get(ConnectionRegistry.heartbeatKey(instance)) != null, time());
    }

    /** delete-dead.lua: nothing while the dead owner's heartbeat exists; else each field still naming it goes, with its stamp. */
    DeadDeletion deleteDead(String deadOwner, List<String> imeis) {
        scripts++;
        if (get(ConnectionRegistry.heartbeatKey(deadOwner)) != null) {
            return new DeadDeletion(true, List.of());
        }
        List<String> deleted = new ArrayList<>();
        for (String imei : imeis) {
            if (deadOwner.equals(registry.get(imei))) {
                registry.remove(imei);
                stamps.remove(imei);
                deleted.add(imei);
            }
        }
        return new DeadDeletion(false, deleted);
    }

    /** janitor-lease.lua: taken when free, renewed by its holder; returns the holder. */
    String janitorLease(String holder, long ttlMillis) {
        scripts++;
        String current = get(ConnectionRegistry.JANITOR_LEASE_KEY);
        if (current == null || current.equals(holder)) {
            strings.put(ConnectionRegistry.JANITOR_LEASE_KEY, new Expiring(holder, time() + ttlMillis));
            return holder;
        }
        return current;
    }

    // ---- plain commands ----

    /** {@code EXISTS fleetlink:instance-claim:<id>} */
    boolean claimed(String instance) {
        return get(ConnectionRegistry.claimKey(instance)) != null;
    }

    /** One {@code HSCAN} page of every field, with the cursor rules of {@link #scanOwned}. */
    RegistryPage scanRegistry(String cursor, int count) {
        NavigableMap<String, String> rest = registry.tailMap(cursor, false);
        Map<String, String> fields = new LinkedHashMap<>();
        String last = cursor;
        for (Map.Entry<String, String> e : rest.entrySet()) {
            if (fields.size() == Math.min(count, SCAN_PAGE)) {
                return new RegistryPage(last, fields, false);
            }
            fields.put(e.getKey(), e.getValue());
            last = e.getKey();
        }
        return new RegistryPage(RegistryPage.FIRST, fields, true);
    }

    /** {@code SET claim token EX ttl GET} */
    String claim(String instance, String token, long ttlSeconds) {
        String key = ConnectionRegistry.claimKey(instance);
        String previous = get(key);
        strings.put(key, new Expiring(token, time() + ttlSeconds * 1000));
        return previous;
    }

    /** {@code HGET connections:registry imei} */
    String owner(String imei) {
        return registry.get(imei);
    }

    /** {@code EXISTS instance:heartbeat:<id>} */
    boolean heartbeatExists(String instance) {
        return get(ConnectionRegistry.heartbeatKey(instance)) != null;
    }

    /** {@code TTL instance:heartbeat:<id>}: seconds, rounded as Redis does; -2 missing. */
    long heartbeatTtl(String instance) {
        String key = ConnectionRegistry.heartbeatKey(instance);
        if (get(key) == null) {
            return -2;
        }
        return (strings.get(key).expiresAt() - time() + 500) / 1000;
    }

    /** {@code PEXPIRETIME instance:heartbeat:<id>}: Redis time in ms after which the key is gone; -2 missing. */
    long heartbeatExpiresAt(String instance) {
        String key = ConnectionRegistry.heartbeatKey(instance);
        return get(key) == null ? -2 : strings.get(key).expiresAt();
    }

    /**
     * One {@code HSCAN} page keeping the fields naming {@code instance}. The cursor is the last field
     * returned (fields are IMEIs, all greater than {@link OwnedPage#FIRST}), so a full scan sees every
     * field present throughout it.
     */
    OwnedPage scanOwned(String instance, String cursor, int count) {
        NavigableMap<String, String> rest = registry.tailMap(cursor, false);
        List<String> owned = new ArrayList<>();
        String last = cursor;
        int n = 0;
        for (Map.Entry<String, String> e : rest.entrySet()) {
            if (n == Math.min(count, SCAN_PAGE)) {
                return new OwnedPage(last, owned, false);
            }
            if (instance.equals(e.getValue())) {
                owned.add(e.getKey());
            }
            last = e.getKey();
            n++;
        }
        return new OwnedPage(OwnedPage.FIRST, owned, true);
    }

    /** The registry hash, copied. */
    Map<String, String> registry() {
        return new TreeMap<>(registry);
    }

    /** The decision stamps hash, copied. */
    Map<String, String> stamps() {
        return new TreeMap<>(stamps);
    }

    // ---- internals ----

    private long stampOf(String imei, String owner) {
        String s = stamps.get(imei);
        if (s != null) {
            int sep = s.indexOf('|');
            if (sep >= 0 && s.substring(sep + 1).equals(owner)) {
                return Long.parseLong(s.substring(0, sep));
            }
        }
        return RegisterOutcome.NO_STAMP;
    }

    private void write(String imei, String instance, long at) {
        registry.put(imei, instance);
        if (at >= 0) {
            stamps.put(imei, at + "|" + instance);
        } else {
            stamps.remove(imei);
        }
    }

    private String get(String key) {
        Expiring e = strings.get(key);
        if (e == null) {
            return null;
        }
        if (e.expiresAt() < time()) {
            // Redis expires a key once its time is past, not at it.
            strings.remove(key);
            return null;
        }
        return e.value();
    }

    private long del(String key) {
        boolean existed = get(key) != null;
        strings.remove(key);
        return existed ? 1 : 0;
    }
}
