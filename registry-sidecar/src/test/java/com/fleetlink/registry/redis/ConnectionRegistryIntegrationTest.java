package com.fleetlink.registry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.store.HeartbeatLook;
import com.fleetlink.registry.store.HeartbeatOutcome;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegisterOutcome;
import com.fleetlink.registry.store.Registration;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The registry scripts against a real {@code redis-server}: the race rules of design §4, rules 3 and 4. */
@Tag("integration")
class ConnectionRegistryIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final Duration FRESHNESS = Duration.ofSeconds(5);

    private static RedisServer redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> sync;

    private final ConnectionRegistry a = registry("instance-a");
    private final ConnectionRegistry b = registry("instance-b");

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        sync = connection.sync();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        sync.flushall();
    }

    private static ConnectionRegistry registry(String instance) {
        return new ConnectionRegistry(connection.async(), instance, FRESHNESS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private long now() throws Exception {
        return await(a.time());
    }

    @Test
    void register_whenHandshakeCompletes_thenHgetReturnsInstance() throws Exception {
        RegisterOutcome outcome = await(a.register(IMEI, now()));

        assertThat(outcome.kind()).isEqualTo(RegisterOutcome.Kind.FRESH);
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-a");
    }

    /** The scripts read and write a batch with a few commands of at most 1,000 arguments each: more spans several. */
    @Test
    void registerAllAndUnregisterAll_whenBatchSpansSeveralCommands_thenEveryFieldAndStampIsWrittenThenDeleted() throws Exception {
        long at = now();
        List<Registration> batch = new ArrayList<>();
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < 1_300; i++) {
            String imei = Long.toString(356307042000000L + i);
            imeis.add(imei);
            // Every third a repair: those have no stamp, so the stamps hash gets an HSET and an HDEL share.
            batch.add(i % 3 == 0 ? Registration.repair(imei, Registration.UNKNOWN_AT) : Registration.fresh(imei, at));
        }

        List<RegisterOutcome> outcomes = await(a.registerAll(batch));

        assertThat(outcomes).hasSize(1_300);
        assertThat(sync.hlen("connections:registry")).isEqualTo(1_300);
        assertThat(sync.hlen(ConnectionRegistry.STAMPS_KEY)).isEqualTo(1_300 - 434);
        assertThat(sync.hget("connections:registry", imeis.get(1_299))).isEqualTo("instance-a");
        assertThat(await(a.unregisterAll(imeis, now()))).isEqualTo(1_300L);
        assertThat(sync.hlen("connections:registry")).isZero();
        assertThat(sync.hlen(ConnectionRegistry.STAMPS_KEY)).isZero();
    }

    /** The batch is decided on copies read up front: a device listed again must see its own earlier write. */
    @Test
    void registerAll_whenOneDeviceIsListedTwice_thenTheSecondSeesTheFirst() throws Exception {
        long at = now();

        List<RegisterOutcome> outcomes = await(a.registerAll(List.of(Registration.fresh(IMEI, at),
                Registration.repair(IMEI, Registration.UNKNOWN_AT), Registration.fresh(IMEI, at - 1))));

        assertThat(outcomes).extracting(RegisterOutcome::kind).containsExactly(RegisterOutcome.Kind.FRESH,
                RegisterOutcome.Kind.PRESENT, RegisterOutcome.Kind.SUPERSEDED);
        assertThat(outcomes.get(2).ownerAt()).isEqualTo(at);
        assertThat(sync.hget(ConnectionRegistry.STAMPS_KEY, IMEI)).isEqualTo(at + "|instance-a");
    }

    /** Stamps are deleted before they are written: a device restored without a time, then fresh, keeps the fresh stamp. */
    @Test
    void registerAll_whenAnUnstampedRepairAndThenAFreshRegistrationOfOneDevice_thenTheFreshStampStays() throws Exception {
        long at = now();

        List<RegisterOutcome> outcomes = await(a.registerAll(List.of(Registration.repair(IMEI, Registration.UNKNOWN_AT),
                Registration.fresh(IMEI, at))));

        assertThat(outcomes).extracting(RegisterOutcome::kind).containsExactly(RegisterOutcome.Kind.RESTORED,
                RegisterOutcome.Kind.FRESH);
        assertThat(sync.hget(ConnectionRegistry.STAMPS_KEY, IMEI)).isEqualTo(at + "|instance-a");
    }

    @Test
    void unregister_whenSocketCloses_thenHgetReturnsNil() throws Exception {
        await(a.register(IMEI, now()));

        assertThat(await(a.unregister(IMEI, now()))).isEqualTo(1L);
        assertThat(sync.hget("connections:registry", IMEI)).isNull();
    }

    @Test
    void register_whenAnotherInstanceRegistersLater_thenLatestWins() throws Exception {
        await(a.register(IMEI, now()));
        await(b.register(IMEI, now()));

        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
    }

    @Test
    void unregister_whenLoserClosesAfterWinnerRegistered_thenWinnerStays() throws Exception {
        await(a.register(IMEI, now()));
        await(b.register(IMEI, now()));

        assertThat(await(a.unregister(IMEI, now()))).isZero();
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
    }

    @Test
    void unregisterAll_whenLoserReleasesEverything_thenOnlyItsOwnFieldsGo() throws Exception {
        String other = "356307042441021";
        await(a.register(IMEI, now()));
        await(a.register(other, now()));
        await(b.register(IMEI, now()));

        assertThat(await(a.unregisterAll(List.of(IMEI, other), now()))).isEqualTo(1L);
        assertThat(sync.hgetall("connections:registry")).containsExactly(java.util.Map.entry(IMEI, "instance-b"));
    }

    @Test
    void unregisterAll_whenADeviceIsListedTwice_thenItIsDeletedAndCountedOnce() throws Exception {
        await(a.register(IMEI, now()));

        assertThat(await(a.unregisterAll(List.of(IMEI, IMEI), now()))).isEqualTo(1L);
        assertThat(sync.hexists("connections:registry", IMEI)).isFalse();
    }

    @Test
    void unregisterAll_whenOriginalTaskWriterHoldsTheField_thenItIsNotDeleted() throws Exception {
        // The original task's writer: a plain HSET from a second instance after ours.
        await(a.register(IMEI, now()));
        sync.hset("connections:registry", IMEI, "legacy-instance");

        await(a.unregisterAll(List.of(IMEI), now()));

        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("legacy-instance");
    }

    @Test
    void register_whenDecisionIsOlderThanFreshness_thenActsAsRepairAndLeavesNewerOwner() throws Exception {
        await(b.register(IMEI, now()));
        long stale = now() - FRESHNESS.toMillis() - 1000;

        RegisterOutcome outcome = await(a.register(IMEI, stale));

        assertThat(outcome.kind()).isEqualTo(RegisterOutcome.Kind.CONFLICT);
        assertThat(outcome.owner()).isEqualTo("instance-b");
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
    }

    @Test
    void repair_whenFieldMissing_thenRestored() throws Exception {
        assertThat(await(a.repair(IMEI)).kind()).isEqualTo(RegisterOutcome.Kind.RESTORED);
        assertThat(await(a.repair(IMEI)).kind()).isEqualTo(RegisterOutcome.Kind.PRESENT);
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-a");
    }

    @Test
    void replaceDead_whenFieldStillNamesTheJudgedOwnerWithItsStamp_thenTakenOver_butNotFromAnotherOwner() throws Exception {
        long bAt = now();
        await(b.register(IMEI, bAt));
        RegisterOutcome seen = await(a.repair(IMEI));
        assertThat(seen.ownerAt()).isEqualTo(bAt);
        assertThat(await(a.replaceDead(IMEI, "instance-b", seen.ownerAt(), now()))).isTrue();
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-a");

        // Compare-and-set: once the field names someone else, a replacement decided earlier does nothing.
        await(b.register(IMEI, now()));
        assertThat(await(a.replaceDead(IMEI, "instance-c", RegisterOutcome.NO_STAMP, now()))).isFalse();
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
    }

    @Test
    void replaceDead_whenThePresumedDeadOwnerReRegisteredAfterTheLook_thenItKeepsTheField() throws Exception {
        await(b.register(IMEI, now()));
        RegisterOutcome seen = await(a.repair(IMEI));
        // Between the judgement and the swap, the presumed-dead owner registers the device again.
        await(b.register(IMEI, now() + 1));

        assertThat(await(a.replaceDead(IMEI, "instance-b", seen.ownerAt(), now()))).isFalse();
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
    }

    @Test
    void register_whenADecisionMadeEarlierExecutesAfterANewerOne_thenTheNewerStays() throws Exception {
        long older = now();
        long newer = older + 100;
        await(b.register(IMEI, newer));

        RegisterOutcome late = await(a.register(IMEI, older));

        assertThat(late.kind()).isEqualTo(RegisterOutcome.Kind.SUPERSEDED);
        assertThat(late.owner()).isEqualTo("instance-b");
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-b");
        assertThat(sync.hget(ConnectionRegistry.STAMPS_KEY, IMEI)).isEqualTo(newer + "|instance-b");
    }

    @Test
    void register_whenAForeignWriterOverwroteOurStampedField_thenAFreshRegistrationWins() throws Exception {
        long at = now();
        await(b.register(IMEI, at + 1000));
        // The original task's writer: a plain HSET, no stamp of its own.
        sync.hset("connections:registry", IMEI, "legacy-instance");

        assertThat(await(a.register(IMEI, at)).kind()).isEqualTo(RegisterOutcome.Kind.FRESH);
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-a");
    }

    @Test
    void unregister_thenTheStampGoesWithTheField() throws Exception {
        await(a.register(IMEI, now()));

        await(a.unregister(IMEI, now()));

        assertThat(sync.hexists(ConnectionRegistry.STAMPS_KEY, IMEI)).isFalse();
    }

    @Test
    void lookHeartbeat_thenPresenceAndRedisTimeTogether() throws Exception {
        HeartbeatLook absent = await(a.lookHeartbeat("instance-b"));
        await(b.heartbeat(now(), Duration.ofSeconds(90)));
        HeartbeatLook present = await(a.lookHeartbeat("instance-b"));

        assertThat(absent.present()).isFalse();
        assertThat(present.present()).isTrue();
        assertThat(present.redisMillis()).isGreaterThanOrEqualTo(absent.redisMillis());
        assertThat(Math.abs(present.redisMillis() - now())).isLessThan(1000);
    }

    @Test
    void heartbeat_whenOlderThanItsOwnTtl_thenStaleEvenInsideTheFreshnessWindow() throws Exception {
        long twoSecondsAgo = now() - 2000;

        assertThat(await(a.heartbeat(twoSecondsAgo, Duration.ofSeconds(1))).stale()).isTrue();
        assertThat(await(a.heartbeat(twoSecondsAgo, Duration.ofSeconds(90))).stale()).isFalse();
    }

    @Test
    void heartbeat_whenWritten_thenKeyHoldsRedisTimeWithTtl() throws Exception {
        HeartbeatOutcome first = await(a.heartbeat(now(), Duration.ofSeconds(90)));
        HeartbeatOutcome second = await(a.heartbeat(now(), Duration.ofSeconds(90)));

        assertThat(first).isEqualTo(new HeartbeatOutcome(false, false));
        assertThat(second).isEqualTo(new HeartbeatOutcome(false, true));
        long ttl = sync.ttl("instance:heartbeat:instance-a");
        assertThat(ttl).isBetween(1L, 90L);
        long value = Long.parseLong(sync.get("instance:heartbeat:instance-a"));
        assertThat(Math.abs(value - now())).isLessThan(5_000);
    }

    @Test
    void heartbeat_whenStale_thenSkippedAndDoesNotReviveDeletedKey() throws Exception {
        long stale = now() - FRESHNESS.toMillis() - 1000;

        assertThat(await(a.heartbeat(stale, Duration.ofSeconds(90))).stale()).isTrue();
        assertThat(sync.exists("instance:heartbeat:instance-a")).isZero();
    }

    @Test
    void unregister_whenStale_thenSkipped() throws Exception {
        await(a.register(IMEI, now()));
        long stale = now() - FRESHNESS.toMillis() - 1000;

        assertThat(await(a.unregister(IMEI, stale))).isEqualTo(-1L);
        assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("instance-a");
    }

    @Test
    void scripts_whenRedisForgotThem_thenReloadedOnNoscript() throws Exception {
        await(a.register(IMEI, now()));
        sync.scriptFlush();

        assertThat(await(a.unregister(IMEI, now()))).isEqualTo(1L);
    }

    @Test
    void scanOwned_thenOnlyThisInstancesFields() throws Exception {
        for (int i = 0; i < 50; i++) {
            String imei = String.format("35630704244%04d", i);
            await((i % 2 == 0 ? a : b).register(imei, now()));
        }
        java.util.Set<String> owned = new java.util.HashSet<>();
        String cursor = OwnedPage.FIRST;
        OwnedPage page;
        do {
            page = await(a.scanOwned(cursor, 10));
            owned.addAll(page.imeis());
            cursor = page.cursor();
        } while (!page.finished());

        assertThat(owned).hasSize(25).allMatch(imei -> "instance-a".equals(sync.hget("connections:registry", imei)));
    }
}
