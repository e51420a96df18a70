package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CommandDispatcher;
import com.fleetlink.registry.command.CommandPolicy;
import com.fleetlink.registry.command.CommandStatus;
import com.fleetlink.registry.command.StoredCommand;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Design §9's guarantees for claims, leases and fencing, judged against the ground truth. As each
 * command script executes: a terminal status never changes, and an outcome naming an attempt other
 * than the command's current one changes nothing (it is stale: counted). As each claim executes: the
 * claimant's owner read right before it named the claimant the device's live holder (the read is not
 * part of the claim's atomic step, so the field may have moved in between: counted as a race). As
 * the ingestion writes a command to a device: no command is written more times than its max
 * attempts, only a claimed attempt is written, none at or after the command's expiry (on Redis'
 * clock: the {@code command}'s deadline carries it to the ingestion), and none outside the writing
 * instance's allow-list. After every step: no
 * sidecar keeps more commands in memory (claimed and in flight, or outcomes waiting for Redis) than
 * its in-flight limit. At the end, after the quiet tail: every command is terminal, and none that was
 * written ended {@code expired} or {@code cancelled} (both mean never written).
 *
 * <p>Commands whose state an empty Redis restart destroyed are counted apart and left out of the
 * write checks: their count, attempt and status started over.
 */
final class CommandInvariants implements CommandWatch {
    private final Consumer<String> fail;
    private SimRedis redis;
    private List<SimInstance> instances = List.of();
    /** Each instance's allow-list, by instance id. */
    private final Map<String, CommandPolicy> policies = new HashMap<>();
    /** Each instance's owner read of each device since its last claim there: whether it named the instance itself. */
    private final Map<String, Boolean> reads = new HashMap<>();
    /** Writes to devices, by command. */
    private final Map<String, Integer> writes = new HashMap<>();
    /** Redis time of each attempt's claim, by command and attempt. */
    private final Map<String, Long> claims = new HashMap<>();
    private final Set<String> destroyed = new HashSet<>();
    private final Figures figures = new Figures();

    /**
     * What the commands of one seed did, for the sweep's tally.
     *
     * @param raced     claims that found the registry naming another instance by the time they ran
     * @param stale     fenced outcomes ignored: their attempt was not the current one, or had ended
     * @param destroyed commands an empty Redis restart destroyed
     * @param ended     commands at the end, by status
     */
    record Counts(long claims, long raced, long writes, long stale, long destroyed,
                  Map<CommandStatus, Long> ended) {
    }

    private static final class Figures {
        long claims;
        long raced;
        long writes;
        long stale;
        long destroyed;
        final Map<CommandStatus, Long> ended = new EnumMap<>(CommandStatus.class);
    }

    /** @param fail reports a violation (throws) */
    CommandInvariants(Consumer<String> fail) {
        this.fail = fail;
    }

    /** What to judge by once the world is built. */
    void watch(SimRedis redis, List<SimInstance> instances) {
        this.redis = redis;
        this.instances = List.copyOf(instances);
        instances.forEach(i -> policies.put(i.id(), new CommandPolicy(i.commandOptions().allow())));
    }

    Counts counts() {
        return new Counts(figures.claims, figures.raced, figures.writes, figures.stale,
                figures.destroyed, Map.copyOf(figures.ended));
    }

    // ---- as scripts execute ----

    @Override
    public void holderRead(String instance, String imei, Optional<String> holder) {
        reads.put(instance + " " + imei, holder.equals(Optional.of(instance)));
    }

    @Override
    public void claimed(String instance, StoredCommand c) {
        Boolean readSelf = reads.remove(instance + " " + c.imei());
        if (readSelf == null || !readSelf) {
            fail.accept(instance + " claimed " + key(c.imei(), c.id()) + " (attempt " + c.attempt() + ") without reading itself "
                    + "as the device's live holder first: " + (readSelf == null ? "no owner read" : "its read named another")
                    + "; the registry names " + redis.owner(c.imei()));
        }
        figures.claims++;
        if (!instance.equals(redis.owner(c.imei()))) {
            figures.raced++;
        }
        claims.put(key(c.imei(), c.id()) + "#" + c.attempt(), c.claimedAt());
    }

    @Override
    public void scriptRan(String instance, String script, String imei, String fencedId, int fencedAttempt,
                          Map<String, StoredCommand> before, Map<String, StoredCommand> after) {
        before.forEach((id, b) -> {
            StoredCommand a = after.get(id);
            if (b.status().terminal() && !b.equals(a) && !lateReplyStored(b, a)) {
                fail.accept("a terminal status changed: " + script + " of " + instance + " made " + key(imei, id) + ", "
                        + b.status().word() + " at attempt " + b.attempt() + ", " + shown(a));
            }
        });
        StoredCommand b = fencedId == null ? null : before.get(fencedId);
        if (b != null && b.equals(after.get(fencedId))) {
            figures.stale++;
        }
        if (b != null && b.attempt() != fencedAttempt) {
            if (!b.equals(after.get(fencedId))) {
                fail.accept("a stale outcome was applied: " + script + " of " + instance + " for attempt " + fencedAttempt
                        + " changed " + key(imei, fencedId) + ", at attempt " + b.attempt() + " and " + b.status().word()
                        + ", to " + shown(after.get(fencedId)));
            }
        }
    }

    /** The one change a terminal command may see: its attempt's late reply stored beside the status. */
    private static boolean lateReplyStored(StoredCommand before, StoredCommand after) {
        return after != null && after.lateResult() != null && before.status() == after.status()
                && before.attempt() == after.attempt() && before.writes() == after.writes()
                && Objects.equals(before.result(), after.result()) && before.finishedAt() == after.finishedAt();
    }

    @Override
    public void written(String instance, String imei, String id, int attempt) {
        String key = key(imei, id);
        if (destroyed.contains(key)) {
            return;
        }
        StoredCommand c = redis.commands().commands(imei).get(id);
        if (c == null) {
            fail.accept(instance + " wrote " + key + ", which Redis never held");
            return;
        }
        figures.writes++;
        int n = writes.merge(key, 1, Integer::sum);
        if (n > c.maxAttempts()) {
            fail.accept(key + " was written " + n + " times (the last by " + instance + ", attempt " + attempt + "), but its max attempts are "
                    + c.maxAttempts());
        }
        if (!claims.containsKey(key + "#" + attempt)) {
            fail.accept(instance + " wrote attempt " + attempt + " of " + key + ", which was never claimed");
        }
        if (redis.time() >= c.expireAt()) {
            fail.accept(instance + " wrote attempt " + attempt + " of " + key + " at Redis time " + redis.time()
                    + ", at or after its expiry at " + c.expireAt() + " (claimed at " + claims.get(key + "#" + attempt) + ")");
        }
        if (!policies.get(instance).allows(c)) {
            fail.accept(instance + " wrote " + key + " ('" + c.payloadText() + "'), outside its allow-list "
                    + policies.get(instance).globs());
        }
    }

    /** Redis is about to restart empty: what it holds now is destroyed. */
    void flushing() {
        redis.commands().all().forEach((imei, byId) -> byId.keySet().forEach(id -> {
            if (destroyed.add(key(imei, id))) {
                figures.destroyed++;
            }
        }));
    }

    // ---- after every step ----

    /** Rule 2 for commands: whatever Redis does, memory holds at most the in-flight limit of them. */
    void afterStep() {
        for (SimInstance instance : instances) {
            if (instance.core() == null) {
                continue;
            }
            CommandDispatcher d = instance.core().commands();
            int limit = instance.commandOptions().maxInFlight();
            if (d.inFlight() > limit || d.backlog() > limit) {
                fail.accept(instance.id() + " keeps " + d.inFlight() + " commands in flight and " + d.backlog()
                        + " outcomes waiting for Redis, over its in-flight limit of " + limit
                        + (instance.redis().connection() == null ? " while Redis is away" : ""));
            }
        }
    }

    // ---- at the end ----

    /** Every command is terminal after the quiet tail, and none that was written ended as never written. */
    void atEnd() {
        redis.commands().all().forEach((imei, byId) -> byId.forEach((id, c) -> {
            if (!c.status().terminal()) {
                fail.accept("not terminal at the end: " + key(imei, id) + " is " + shown(c) + ", owner " + c.owner()
                        + ", lease until " + c.leaseUntil() + " (Redis time now " + redis.time() + ")");
            }
            String key = key(imei, id);
            if (writes.containsKey(key) && !destroyed.contains(key)
                    && (c.status() == CommandStatus.EXPIRED || c.status() == CommandStatus.CANCELLED)) {
                fail.accept(key + " was written " + writes.get(key) + " times but ended " + c.status().word());
            }
            figures.ended.merge(c.status(), 1L, Long::sum);
        }));
    }

    private static String key(String imei, String id) {
        return imei + "/" + id;
    }

    private static String shown(StoredCommand c) {
        return c == null ? "gone" : c.status().word() + " at attempt " + c.attempt() + " with " + c.writes() + " writes";
    }
}
