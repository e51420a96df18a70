package com.fleetlink.registry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.store.DeadDeletion;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.RegistryPage;
import com.fleetlink.registry.store.Registration;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link SimRedis} to what it simulates: random operation sequences run against it and, through
 * {@link ConnectionRegistry} and the real scripts, against a real {@code redis-server}; every outcome
 * and the final hashes and keys must match. The janitor's operations are among them (its delete while
 * the dead owner's heartbeat is there or not, the registry scan, the claim check, the lease), and the
 * sequences must have run its delete both ways. Times are read from the real server's {@code TIME}
 * first and every {@code at} lies far inside or far outside the freshness window, so the few ms
 * between the read and the script cannot change an answer. The outbound command scripts are held to
 * {@link SimCommands} the same way ({@link CommandScriptSequence}).
 */
@Tag("integration")
class SimRedisMatchesRealRedisTest {
    private static final Duration FRESHNESS = Duration.ofSeconds(5);
    private static final String[] INSTANCES = {"pod-a", "pod-b", "pod-c"};
    private static final String[] IMEIS = {"356307042441013", "356307042441021", "356307042441039", "356307042441047",
        "356307042441054"};
    private static final int SEQUENCES = 40;
    private static final int STEPS = 40;
    /** Each command sequence waits out Redis' clock between steps, so fewer of them. */
    private static final int COMMAND_SEQUENCES = 20;
    private static final String[] LEASE_HOLDERS = {"pod-a/1", "pod-b/2", "pod-c/3"};

    private static RedisServer redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> sync;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        sync = connection.sync();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void randomOperations_whenRunOnSimulatedAndRealRedis_thenEveryOutcomeAndTheFinalStateMatch() throws Exception {
        Map<String, Integer> janitorDeletes = new TreeMap<>();
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            sync.flushall();
            new Sequence(seed, janitorDeletes).run();
        }
        assertThat(janitorDeletes).as("janitor deletes compared, by outcome")
                .containsKeys("owner alive", "owner dead, deleted some", "owner dead, nothing to delete");
    }

    @Test
    void randomCommandScripts_whenRunOnSimulatedAndRealRedis_thenEveryOutcomeAndTheFinalStateMatch() throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (long seed = 1; seed <= COMMAND_SEQUENCES; seed++) {
            sync.flushall();
            new CommandScriptSequence(seed, connection, seen).run();
        }
        assertThat(seen).as("outcomes compared, by kind").containsKeys("Accepted", "Conflict", "QueueFull", "Claimed", "Busy",
                "Empty", "Applied", "Stale", "Missing", "Cancelled", "InProgress", "AlreadyFinished", "DeviceSweep");
    }

    /** One random sequence: the same operations on both sides, compared one by one and at the end. */
    private static final class Sequence {
        private final long seed;
        private final SplittableRandom random;
        private final Map<String, ConnectionRegistry> real = new TreeMap<>();
        private long redisNow;
        private final SimRedis sim = new SimRedis(() -> redisNow);
        private final Map<String, Integer> janitorDeletes;

        Sequence(long seed, Map<String, Integer> janitorDeletes) {
            this.seed = seed;
            this.janitorDeletes = janitorDeletes;
            this.random = new SplittableRandom(seed);
            for (String id : INSTANCES) {
                real.put(id, new ConnectionRegistry(connection.async(), id, FRESHNESS));
            }
        }

        void run() throws Exception {
            for (int step = 0; step < STEPS; step++) {
                redisNow = await(real.get(INSTANCES[0]).time());
                String instance = INSTANCES[random.nextInt(INSTANCES.length)];
                step(step, instance, real.get(instance));
            }
            assertThat(sync.hgetall(ConnectionRegistry.REGISTRY_KEY)).as("registry, seed %d", seed).isEqualTo(sim.registry());
            assertThat(sync.hgetall(ConnectionRegistry.STAMPS_KEY)).as("stamps, seed %d", seed).isEqualTo(sim.stamps());
            for (String id : INSTANCES) {
                assertThat(sync.exists(ConnectionRegistry.heartbeatKey(id)) == 1).as("heartbeat of %s, seed %d", id, seed)
                        .isEqualTo(sim.heartbeatExists(id));
                // Both expire at their TIME plus the TTL, from clocks a few ms apart.
                assertThat(Math.abs(sync.pexpiretime(ConnectionRegistry.heartbeatKey(id)) - sim.heartbeatExpiresAt(id)))
                        .as("heartbeat expiry of %s, seed %d", id, seed).isLessThanOrEqualTo(50);
            }
        }

        private void step(int step, String instance, ConnectionRegistry r) throws Exception {
            long window = FRESHNESS.toMillis();
            switch (random.nextInt(13)) {
                case 0, 1 -> {
                    List<Registration> regs = new ArrayList<>();
                    for (int i = random.nextInt(1, 4); i > 0; i--) {
                        regs.add(new Registration(imei(), at(), random.nextBoolean()));
                    }
                    same(step, "register " + instance + " " + regs, await(r.registerAll(regs)),
                            sim.register(instance, window, regs));
                }
                case 2 -> {
                    // Two draws from five IMEIs: a device listed twice is deleted, and counted, once.
                    List<String> imeis = List.of(imei(), imei());
                    long at = decisionAt();
                    same(step, "release " + instance + " " + imeis + " at " + at, await(r.unregisterAll(imeis, at)),
                            sim.release(instance, at, window, imeis));
                }
                case 3 -> {
                    String imei = imei();
                    String owner = INSTANCES[random.nextInt(INSTANCES.length)];
                    long ownerAt = ownerStamp(imei, owner);
                    long at = random.nextBoolean() ? decisionAt() : Registration.UNKNOWN_AT;
                    same(step, "replace_dead " + imei + " by " + instance + " from " + owner + " stamped " + ownerAt,
                            await(r.replaceDead(imei, owner, ownerAt, at)), sim.replaceDead(imei, instance, owner, ownerAt, at));
                }
                case 4 -> {
                    long at = decisionAt();
                    Duration ttl = Duration.ofSeconds(random.nextLong(30, 120));
                    same(step, "heartbeat " + instance + " at " + at, await(r.heartbeat(at, ttl)),
                            sim.heartbeat(instance, at, Math.min(window, ttl.toMillis()), ttl.toSeconds()));
                }
                case 5 -> {
                    long at = decisionAt();
                    same(step, "delete_heartbeat " + instance + " at " + at, await(r.deleteHeartbeat(at)),
                            sim.deleteHeartbeat(instance, at, window));
                }
                case 6 -> {
                    String of = INSTANCES[random.nextInt(INSTANCES.length)];
                    same(step, "look_heartbeat " + of, await(r.lookHeartbeat(of)).present(), sim.lookHeartbeat(of).present());
                    same(step, "exists " + of, await(r.isAlive(of)), sim.heartbeatExists(of));
                }
                case 7 -> {
                    String token = "token-" + random.nextInt(3);
                    same(step, "claim " + instance + " " + token, await(r.claimInstance(token, Duration.ofSeconds(60))),
                            sim.claim(instance, token, 60));
                }
                case 9, 10 -> {
                    String owner = INSTANCES[random.nextInt(INSTANCES.length)];
                    List<String> imeis = new ArrayList<>(new TreeSet<>(List.of(imei(), imei(), imei())));
                    DeadDeletion real = await(r.deleteDead(owner, imeis));
                    same(step, "delete_dead " + imeis + " of " + owner + " by " + instance, real, sim.deleteDead(owner, imeis));
                    String outcome = real.ownerAlive() ? "owner alive"
                            : real.deleted().isEmpty() ? "owner dead, nothing to delete" : "owner dead, deleted some";
                    janitorDeletes.merge(outcome, 1, Integer::sum);
                }
                case 11 -> {
                    same(step, "scan_registry", scanRegistryReal(r), scanRegistrySim());
                    String of = INSTANCES[random.nextInt(INSTANCES.length)];
                    same(step, "exists claim " + of, await(r.isClaimed(of)), sim.claimed(of));
                }
                case 12 -> {
                    String holder = LEASE_HOLDERS[random.nextInt(LEASE_HOLDERS.length)];
                    same(step, "janitor_lease " + holder, await(r.janitorLease(holder, Duration.ofSeconds(60))),
                            sim.janitorLease(holder, 60_000));
                }
                default -> {
                    same(step, "scan " + instance, scanReal(r), scanSim(instance));
                    String imei = imei();
                    same(step, "hget " + imei, await(r.owner(imei)), sim.owner(imei));
                    long realTtl = await(r.heartbeatTtl());
                    long simTtl = sim.heartbeatTtl(instance);
                    // Both round to whole seconds from clocks a few ms apart.
                    assertThat(Math.abs(realTtl - simTtl)).as("ttl of %s, seed %d step %d", instance, seed, step)
                            .isLessThanOrEqualTo(1);
                }
            }
        }

        private String imei() {
            return IMEIS[random.nextInt(IMEIS.length)];
        }

        /**
         * A registration's {@code at}: unknown, long stale, or well inside the window on a coarse grid, so
         * that decisions of different steps often tie and the stamp comparison's edge is exercised.
         */
        private long at() {
            return switch (random.nextInt(4)) {
                case 0 -> Registration.UNKNOWN_AT;
                case 1 -> redisNow - random.nextLong(20_000, 60_000);
                default -> redisNow / 500 * 500 - 100 * random.nextLong(0, 10);
            };
        }

        /** A release's or heartbeat's {@code at}: well inside the window, or long stale. */
        private long decisionAt() {
            return random.nextInt(4) == 0 ? redisNow - random.nextLong(20_000, 60_000) : redisNow - random.nextLong(0, 3000);
        }

        /** The owner's stamp as a judge would have seen it (so the compare-and-set can succeed), or a wrong one. */
        private long ownerStamp(String imei, String owner) {
            String stamp = sim.stamps().get(imei);
            return switch (random.nextInt(3)) {
                case 0 -> stamp != null && stamp.endsWith("|" + owner) ? Long.parseLong(stamp.substring(0, stamp.indexOf('|')))
                        : RegisterOutcome.NO_STAMP;
                case 1 -> RegisterOutcome.NO_STAMP;
                default -> redisNow - random.nextLong(0, 3000);
            };
        }

        private TreeSet<String> scanReal(ConnectionRegistry r) throws Exception {
            TreeSet<String> owned = new TreeSet<>();
            OwnedPage page = await(r.scanOwned(OwnedPage.FIRST, 2));
            owned.addAll(page.imeis());
            while (!page.finished()) {
                page = await(r.scanOwned(page.cursor(), 2));
                owned.addAll(page.imeis());
            }
            return owned;
        }

        private TreeSet<String> scanSim(String instance) {
            TreeSet<String> owned = new TreeSet<>();
            OwnedPage page = sim.scanOwned(instance, OwnedPage.FIRST, 2);
            owned.addAll(page.imeis());
            while (!page.finished()) {
                page = sim.scanOwned(instance, page.cursor(), 2);
                owned.addAll(page.imeis());
            }
            return owned;
        }

        private Map<String, String> scanRegistryReal(ConnectionRegistry r) throws Exception {
            Map<String, String> fields = new TreeMap<>();
            RegistryPage page = await(r.scanRegistry(RegistryPage.FIRST, 2));
            fields.putAll(page.fields());
            while (!page.finished()) {
                page = await(r.scanRegistry(page.cursor(), 2));
                fields.putAll(page.fields());
            }
            return fields;
        }

        private Map<String, String> scanRegistrySim() {
            Map<String, String> fields = new TreeMap<>();
            RegistryPage page = sim.scanRegistry(RegistryPage.FIRST, 2);
            fields.putAll(page.fields());
            while (!page.finished()) {
                page = sim.scanRegistry(page.cursor(), 2);
                fields.putAll(page.fields());
            }
            return fields;
        }

        private void same(int step, String operation, Object real, Object simulated) {
            assertThat(simulated).as("seed %d step %d: %s", seed, step, operation).isEqualTo(real);
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
