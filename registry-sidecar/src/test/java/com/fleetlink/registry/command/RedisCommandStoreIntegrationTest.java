package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.LuaScript;
import com.fleetlink.registry.testkit.SharedRedis;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command scripts and the store around them against a real {@code redis-server} (design §9). */
@Tag("integration")
class RedisCommandStoreIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final Duration LEASE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final RedisCommandStore store = new RedisCommandStore(REDIS.async(), CommandStoreOptions.DEFAULTS);

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static CommandRequest request(String id, String text) {
        return CommandRequest.of(id, IMEI, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private static CommandRequest request(String id, Duration expire, int maxAttempts) {
        return new CommandRequest(id, IMEI, "ops", "getver".getBytes(StandardCharsets.UTF_8), true, 12, expire,
                CommandRequest.DEFAULT_RESPONSE_TIMEOUT, false, false, maxAttempts);
    }

    private StoredCommand enqueued(CommandRequest request) throws Exception {
        return ((EnqueueResult.Accepted) await(store.enqueue(request))).command();
    }

    private StoredCommand claimed(String owner, Duration lease) throws Exception {
        return ((ClaimResult.Claimed) await(store.claim(IMEI, owner, lease))).command();
    }

    private StoredCommand stored(String id) throws Exception {
        return await(store.command(IMEI, id)).orElseThrow();
    }

    private static List<Map<String, String>> events() {
        return REDIS.sync().xread(XReadArgs.StreamOffset.from(CommandKeys.EVENTS, "0")).stream().map(StreamMessage::getBody).toList();
    }

    private static Double score(String index, String id) {
        return REDIS.sync().zscore(index, CommandKeys.member(IMEI, id));
    }

    @Test
    void enqueue_whenNew_thenQueuedInQueueHistoryExpiryIndexAndStream() throws Exception {
        StoredCommand c = enqueued(request("c1", "getver"));

        assertThat(c.status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(c.payloadText()).isEqualTo("getver");
        assertThat(c.expireAt() - c.createdAt()).isEqualTo(CommandRequest.DEFAULT_EXPIRE.toMillis());
        assertThat(REDIS.sync().lrange(CommandKeys.queue(IMEI), 0, -1)).containsExactly("c1");
        assertThat(REDIS.sync().lrange(CommandKeys.history(IMEI), 0, -1)).containsExactly("c1");
        assertThat(score(CommandKeys.EXPIRY_INDEX, "c1")).isEqualTo((double) c.expireAt());
        assertThat(events()).singleElement().satisfies(e -> assertThat(e).containsEntry("v", "1").containsEntry("id", "c1")
                .containsEntry("imei", IMEI).containsEntry("status", "queued").containsEntry("attempt", "0"));
        assertThat(REDIS.sync().exists(CommandKeys.outbox(IMEI))).isZero();
    }

    @Test
    void enqueue_whenSameIdSamePayload_thenSameCommandOnce() throws Exception {
        StoredCommand first = enqueued(request("c1", "getver"));

        EnqueueResult again = await(store.enqueue(request("c1", "getver")));

        assertThat(again).isEqualTo(new EnqueueResult.Accepted(first, false));
        assertThat(REDIS.sync().llen(CommandKeys.queue(IMEI))).isEqualTo(1);
        assertThat(events()).hasSize(1);
    }

    @Test
    void enqueue_whenSameIdOtherPayload_thenRefusedAndStoredUnchanged() throws Exception {
        StoredCommand first = enqueued(request("c1", "getver"));

        EnqueueResult other = await(store.enqueue(request("c1", "setdigout 1")));

        assertThat(other).isEqualTo(new EnqueueResult.Conflict(first));
        assertThat(stored("c1").payloadText()).isEqualTo("getver");
    }

    @Test
    void enqueue_whenQueueFull_thenRefused() throws Exception {
        RedisCommandStore small = new RedisCommandStore(REDIS.async(), new CommandStoreOptions(2, Duration.ofHours(1), 100));
        await(small.enqueue(request("c1", "a")));
        await(small.enqueue(request("c2", "b")));

        assertThat(await(small.enqueue(request("c3", "c")))).isInstanceOf(EnqueueResult.QueueFull.class);
        assertThat(await(small.command(IMEI, "c3"))).isEmpty();
    }

    @Test
    void enqueue_whenNoQueueAndNobodyHoldsDevice_thenExpiredOffline() throws Exception {
        CommandRequest noQueue = new CommandRequest("c1", IMEI, "", new byte[] {1}, false, 12, CommandRequest.DEFAULT_EXPIRE,
                CommandRequest.DEFAULT_RESPONSE_TIMEOUT, true, false, 1);
        REDIS.sync().hset(ConnectionRegistry.REGISTRY_KEY, IMEI, "dead-instance");

        StoredCommand c = enqueued(noQueue);

        assertThat(c.status()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(c.reason()).isEqualTo("offline");
        assertThat(REDIS.sync().llen(CommandKeys.queue(IMEI))).isZero();
        assertThat(events()).extracting(e -> e.get("status")).containsExactly("queued", "expired");
    }

    @Test
    void enqueue_whenNoQueueAndLiveHolder_thenQueued() throws Exception {
        REDIS.sync().hset(ConnectionRegistry.REGISTRY_KEY, IMEI, "instance-a");
        REDIS.sync().set(ConnectionRegistry.heartbeatKey("instance-a"), "1");
        CommandRequest noQueue = new CommandRequest("c1", IMEI, "", new byte[] {1}, false, 12, CommandRequest.DEFAULT_EXPIRE,
                CommandRequest.DEFAULT_RESPONSE_TIMEOUT, true, false, 1);

        assertThat(enqueued(noQueue).status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(await(store.liveHolder(IMEI))).contains("instance-a");
    }

    @Test
    void claim_whenQueued_thenDispatchingWithAttemptOwnerAndLeaseIndexedInsteadOfExpiry() throws Exception {
        enqueued(request("c1", "getver"));

        StoredCommand c = claimed("instance-a", LEASE);

        assertThat(c.status()).isEqualTo(CommandStatus.DISPATCHING);
        assertThat(c.attempt()).isEqualTo(1);
        assertThat(c.owner()).isEqualTo("instance-a");
        assertThat(c.leaseUntil() - c.claimedAt()).isEqualTo(LEASE.toMillis());
        assertThat(REDIS.sync().get(CommandKeys.active(IMEI))).isEqualTo("c1");
        assertThat(score(CommandKeys.LEASE_INDEX, "c1")).isEqualTo((double) c.leaseUntil());
        assertThat(score(CommandKeys.EXPIRY_INDEX, "c1")).isNull();
    }

    @Test
    void claim_whenOneInProgress_thenBusyAndTheNextStaysQueued() throws Exception {
        enqueued(request("c1", "a"));
        enqueued(request("c2", "b"));
        claimed("instance-a", LEASE);

        ClaimResult second = await(store.claim(IMEI, "instance-a", LEASE));

        assertThat(second).isInstanceOfSatisfying(ClaimResult.Busy.class, b -> assertThat(b.current().id()).isEqualTo("c1"));
        assertThat(stored("c2").status()).isEqualTo(CommandStatus.QUEUED);
    }

    @Test
    void claim_whenHeadExpired_thenHeadExpiresAndNextIsClaimed() throws Exception {
        StoredCommand old = enqueued(request("old", Duration.ofMillis(20), 1));
        enqueued(request("new", "b"));
        Poll.until(Duration.ofSeconds(5), "Redis' clock to pass the expiry", () -> redisNow() > old.expireAt());

        StoredCommand c = claimed("instance-a", LEASE);

        assertThat(c.id()).isEqualTo("new");
        assertThat(stored("old").status()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(stored("old").writes()).isZero();
        assertThat(score(CommandKeys.EXPIRY_INDEX, "old")).isNull();
    }

    @Test
    void claim_whenEmpty_thenEmpty() throws Exception {
        assertThat(await(store.claim(IMEI, "instance-a", LEASE))).isInstanceOf(ClaimResult.Empty.class);
    }

    @Test
    void markSent_whenCurrentAttempt_thenSentWithOneWrite() throws Exception {
        enqueued(request("c1", "a"));
        StoredCommand c = claimed("instance-a", LEASE);

        Transition t = await(store.markSent(IMEI, "c1", c.attempt(), Duration.ofMinutes(1)));

        assertThat(t).isInstanceOfSatisfying(Transition.Applied.class, a -> {
            assertThat(a.command().status()).isEqualTo(CommandStatus.SENT);
            assertThat(a.command().writes()).isEqualTo(1);
            assertThat(a.command().leaseUntil() - a.command().sentAt()).isEqualTo(Duration.ofMinutes(1).toMillis());
        });
    }

    @Test
    void complete_whenResponded_thenTerminalKeptForRetentionAndOutOfEveryIndex() throws Exception {
        enqueued(request("c1", "getver"));
        StoredCommand c = claimed("instance-a", LEASE);
        await(store.markSent(IMEI, "c1", c.attempt(), LEASE));

        Transition t = await(store.complete(IMEI, "c1", c.attempt(), CommandOutcome.responded("Ver:03.27.07")));

        StoredCommand done = ((Transition.Applied) t).command();
        assertThat(done.status()).isEqualTo(CommandStatus.RESPONDED);
        assertThat(done.result()).isEqualTo("Ver:03.27.07");
        assertThat(done.finishedAt()).isGreaterThanOrEqualTo(done.sentAt());
        assertThat(REDIS.sync().exists(CommandKeys.active(IMEI))).isZero();
        assertThat(REDIS.sync().pttl(CommandKeys.command(IMEI, "c1"))).isBetween(1L, CommandStoreOptions.DEFAULT_RETENTION.toMillis());
        assertThat(score(CommandKeys.LEASE_INDEX, "c1")).isNull();
        assertThat(score(CommandKeys.EXPIRY_INDEX, "c1")).isNull();
    }

    @Test
    void complete_whenAttemptIsStale_thenIgnoredAndCurrentClaimUntouched() throws Exception {
        enqueued(request("c1", "a"));
        StoredCommand first = claimed("instance-a", LEASE);
        await(store.requeue(IMEI, "c1", first.attempt(), false, "not_held"));
        StoredCommand second = claimed("instance-b", LEASE);

        Transition late = await(store.complete(IMEI, "c1", first.attempt(), CommandOutcome.responded("late")));

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(late).isInstanceOf(Transition.Stale.class);
        assertThat(stored("c1").status()).isEqualTo(CommandStatus.DISPATCHING);
        assertThat(stored("c1").owner()).isEqualTo("instance-b");
        assertThat(stored("c1").result()).isEmpty();
    }

    @Test
    void complete_whenAlreadyTerminal_thenStaleAndStatusFinal() throws Exception {
        enqueued(request("c1", "a"));
        StoredCommand c = claimed("instance-a", LEASE);
        await(store.complete(IMEI, "c1", c.attempt(), CommandOutcome.unknown("timeout")));

        Transition again = await(store.complete(IMEI, "c1", c.attempt(), CommandOutcome.responded("late")));

        assertThat(again).isInstanceOf(Transition.Stale.class);
        assertThat(stored("c1").status()).isEqualTo(CommandStatus.UNKNOWN);
        assertThat(stored("c1").writes()).isEqualTo(1);
    }

    @Test
    void requeue_whenNeverWritten_thenBackAtTheHeadOfTheQueue() throws Exception {
        enqueued(request("c1", "a"));
        enqueued(request("c2", "b"));
        StoredCommand c = claimed("instance-a", LEASE);

        Transition t = await(store.requeue(IMEI, "c1", c.attempt(), false, "busy"));

        assertThat(((Transition.Applied) t).command().status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(REDIS.sync().lrange(CommandKeys.queue(IMEI), 0, -1)).containsExactly("c1", "c2");
        assertThat(score(CommandKeys.EXPIRY_INDEX, "c1")).isNotNull();
        assertThat(score(CommandKeys.LEASE_INDEX, "c1")).isNull();
    }

    @Test
    void requeue_whenWrittenAndNoAttemptLeft_thenUnknown() throws Exception {
        enqueued(request("c1", CommandRequest.DEFAULT_EXPIRE, 1));
        StoredCommand c = claimed("instance-a", LEASE);
        await(store.markSent(IMEI, "c1", c.attempt(), LEASE));

        Transition t = await(store.requeue(IMEI, "c1", c.attempt(), true, "closed"));

        assertThat(((Transition.Applied) t).command().status()).isEqualTo(CommandStatus.UNKNOWN);
        assertThat(REDIS.sync().llen(CommandKeys.queue(IMEI))).isZero();
    }

    @Test
    void requeue_whenWrittenAndRetryAllowed_thenQueuedUntilWritesReachMaxAttempts() throws Exception {
        enqueued(request("c1", CommandRequest.DEFAULT_EXPIRE, 2));
        StoredCommand first = claimed("instance-a", LEASE);
        await(store.markSent(IMEI, "c1", first.attempt(), LEASE));
        Transition retry = await(store.requeue(IMEI, "c1", first.attempt(), true, "closed"));
        StoredCommand second = claimed("instance-a", LEASE);
        await(store.markSent(IMEI, "c1", second.attempt(), LEASE));

        Transition last = await(store.requeue(IMEI, "c1", second.attempt(), true, "closed"));

        assertThat(((Transition.Applied) retry).command().status()).isEqualTo(CommandStatus.QUEUED);
        assertThat(((Transition.Applied) last).command().status()).isEqualTo(CommandStatus.UNKNOWN);
        assertThat(((Transition.Applied) last).command().writes()).isEqualTo(2);
    }

    @Test
    void cancel_whenQueued_thenCancelledAndOutOfTheQueue() throws Exception {
        enqueued(request("c1", "a"));

        CancelResult r = await(store.cancel(IMEI, "c1"));

        assertThat(r).isInstanceOfSatisfying(CancelResult.Cancelled.class, c -> {
            assertThat(c.command().status()).isEqualTo(CommandStatus.CANCELLED);
            assertThat(c.command().reason()).isEqualTo("caller");
        });
        assertThat(REDIS.sync().llen(CommandKeys.queue(IMEI))).isZero();
        assertThat(await(store.claim(IMEI, "instance-a", LEASE))).isInstanceOf(ClaimResult.Empty.class);
    }

    @Test
    void cancel_whenClaimedOrFinished_thenRefusedAndStatusStands() throws Exception {
        enqueued(request("c1", "a"));
        StoredCommand c = claimed("instance-a", LEASE);

        assertThat(await(store.cancel(IMEI, "c1"))).isInstanceOf(CancelResult.InProgress.class);
        await(store.complete(IMEI, "c1", c.attempt(), CommandOutcome.responded("ok")));
        assertThat(await(store.cancel(IMEI, "c1"))).isInstanceOf(CancelResult.AlreadyFinished.class);
        assertThat(await(store.cancel(IMEI, "nope"))).isInstanceOf(CancelResult.Missing.class);
        assertThat(stored("c1").status()).isEqualTo(CommandStatus.RESPONDED);
    }

    @Test
    void cancelByPolicy_whenOwnClaim_thenCancelledWithReasonPolicy_andStaleAttemptRefused() throws Exception {
        enqueued(request("c1", "a"));
        StoredCommand c = claimed("instance-a", LEASE);

        assertThat(await(store.cancelByPolicy(IMEI, "c1", c.attempt() + 1))).isInstanceOf(CancelResult.Stale.class);
        CancelResult r = await(store.cancelByPolicy(IMEI, "c1", c.attempt()));

        assertThat(r).isInstanceOfSatisfying(CancelResult.Cancelled.class, x -> assertThat(x.command().reason()).isEqualTo("policy"));
        assertThat(stored("c1").writes()).isZero();
    }

    @Test
    void sweep_whenLeaseLapsedWithoutRetry_thenUnknown() throws Exception {
        enqueued(request("c1", CommandRequest.DEFAULT_EXPIRE, 1));
        StoredCommand c = claimed("instance-a", Duration.ofMillis(20));
        Poll.until(Duration.ofSeconds(5), "Redis' clock to pass the lease", () -> redisNow() > c.leaseUntil());

        List<DeviceSweep> swept = await(store.sweepDue(100));

        assertThat(swept).singleElement().satisfies(s -> assertThat(s.finished()).containsExactly("c1"));
        StoredCommand after = stored("c1");
        assertThat(after.status()).isEqualTo(CommandStatus.UNKNOWN);
        assertThat(after.reason()).isEqualTo("lease_lapsed");
        assertThat(REDIS.sync().zcard(CommandKeys.LEASE_INDEX)).isZero();
    }

    @Test
    void sweep_whenLeaseLapsedWithRetryLeft_thenQueuedAgainAndClaimableWithTheNextAttempt() throws Exception {
        enqueued(request("c1", CommandRequest.DEFAULT_EXPIRE, 2));
        StoredCommand c = claimed("instance-a", Duration.ofMillis(20));
        Poll.until(Duration.ofSeconds(5), "Redis' clock to pass the lease", () -> redisNow() > c.leaseUntil());

        DeviceSweep swept = await(store.sweepDevice(IMEI));

        assertThat(swept.queued()).containsExactly("c1");
        assertThat(stored("c1").writes()).isEqualTo(1);
        assertThat(claimed("instance-b", LEASE).attempt()).isEqualTo(2);
    }

    @Test
    void sweepDue_whenQueuedCommandExpired_thenExpiredNeverClaimed() throws Exception {
        StoredCommand c = enqueued(request("c1", Duration.ofMillis(20), 1));
        Poll.until(Duration.ofSeconds(5), "Redis' clock to pass the expiry", () -> redisNow() > c.expireAt());

        await(store.sweepDue(100));

        assertThat(stored("c1").status()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(REDIS.sync().zcard(CommandKeys.EXPIRY_INDEX)).isZero();
        assertThat(events()).extracting(e -> e.get("status")).containsExactly("queued", "expired");
    }

    @Test
    void sweepDevice_whenIndexEntryLostInACrash_thenRestored() throws Exception {
        StoredCommand c = enqueued(request("c1", "a"));
        REDIS.sync().zrem(CommandKeys.EXPIRY_INDEX, CommandKeys.member(IMEI, "c1"));

        await(store.sweepDevice(IMEI));

        assertThat(score(CommandKeys.EXPIRY_INDEX, "c1")).isEqualTo((double) c.expireAt());
    }

    @Test
    void drainOutbox_whenEntriesLeftByACrash_thenInTheStreamWithEveryFieldAndOutboxEmpty() throws Exception {
        enqueued(request("c1", "getver"));
        // A crash between a script and its drain leaves the entry in the outbox.
        REDIS.sync().rpush(CommandKeys.outbox(IMEI), "[\"v\",\"1\",\"id\",\"c1\",\"imei\",\"" + IMEI
                + "\",\"status\",\"responded\",\"attempt\",\"1\",\"time\",\"5\",\"owner\",\"instance-a\",\"requester\",\"ops\",\"result\",\"Ver:1\"]");

        assertThat(await(store.drainOutbox(IMEI))).isEqualTo(1);

        assertThat(REDIS.sync().llen(CommandKeys.outbox(IMEI))).isZero();
        assertThat(events().get(events().size() - 1)).containsExactly(Map.entry("v", "1"), Map.entry("id", "c1"),
                Map.entry("imei", IMEI), Map.entry("status", "responded"), Map.entry("attempt", "1"), Map.entry("time", "5"),
                Map.entry("owner", "instance-a"), Map.entry("requester", "ops"), Map.entry("result", "Ver:1"));
    }

    @Test
    void events_whenCommandRunsItsCourse_thenOneEntryPerStateChangeInOrder() throws Exception {
        enqueued(request("c1", "getver"));
        StoredCommand c = claimed("instance-a", LEASE);
        await(store.markSent(IMEI, "c1", c.attempt(), LEASE));
        await(store.complete(IMEI, "c1", c.attempt(), CommandOutcome.responded("Ver:1")));

        List<Map<String, String>> events = events();

        assertThat(events).extracting(e -> e.get("status")).containsExactly("queued", "dispatching", "sent", "responded");
        assertThat(events).extracting(e -> e.get("attempt")).containsExactly("0", "1", "1", "1");
        assertThat(events.get(3)).containsEntry("owner", "instance-a").containsEntry("result", "Ver:1").containsKey("time");
    }

    @Test
    void retention_whenFinishedCommandOutlivesIt_thenGoneFromHashAndHistory() throws Exception {
        RedisCommandStore shortLived = new RedisCommandStore(REDIS.async(),
                CommandStoreOptions.DEFAULTS.withRetention(Duration.ofMillis(200)));
        await(shortLived.enqueue(request("c1", "a")));
        await(shortLived.cancel(IMEI, "c1"));
        assertThat(await(shortLived.commands(IMEI))).extracting(StoredCommand::id).containsExactly("c1");

        Poll.until(Duration.ofSeconds(5), "the finished command to lapse", () -> REDIS.sync().exists(CommandKeys.command(IMEI, "c1")) == 0);

        assertThat(await(shortLived.commands(IMEI))).isEmpty();
        assertThat(REDIS.sync().exists(CommandKeys.history(IMEI))).isZero();
    }

    @Test
    void enqueue_whenOlderFinishedCommandsLapsed_thenTheirIdsLeaveTheHistory() throws Exception {
        RedisCommandStore shortLived = new RedisCommandStore(REDIS.async(),
                CommandStoreOptions.DEFAULTS.withRetention(Duration.ofMillis(200)));
        await(shortLived.enqueue(request("c1", "a")));
        await(shortLived.cancel(IMEI, "c1"));
        await(shortLived.enqueue(request("c2", "b")));
        Poll.until(Duration.ofSeconds(5), "the finished command to lapse", () -> REDIS.sync().exists(CommandKeys.command(IMEI, "c1")) == 0);

        await(shortLived.enqueue(request("c3", "c")));

        assertThat(REDIS.sync().lrange(CommandKeys.history(IMEI), 0, -1)).containsExactly("c2", "c3");
    }

    @Test
    void sweepDue_whenIndexNamesACommandThatIsGone_thenEntryRemoved() throws Exception {
        REDIS.sync().zadd(CommandKeys.EXPIRY_INDEX, 1, CommandKeys.member(IMEI, "gone"));
        REDIS.sync().zadd(CommandKeys.LEASE_INDEX, 1, CommandKeys.member(IMEI, "gone:too"));

        await(store.sweepDue(100));

        assertThat(REDIS.sync().zcard(CommandKeys.EXPIRY_INDEX)).isZero();
        assertThat(REDIS.sync().zcard(CommandKeys.LEASE_INDEX)).isZero();
    }

    @Test
    void outboxAck_whenHeadIsNotWhatWasDrained_thenNothingElseIsRemoved() throws Exception {
        String outbox = CommandKeys.outbox(IMEI);
        REDIS.sync().rpush(outbox, "a", "b", "c");
        LuaScript ack = LuaScript.load(RedisCommandStore.class, "outbox-ack");

        Long removed = await(ack.<Long>run(REDIS.async(), ScriptOutputType.INTEGER, new String[] {outbox}, "a", "x", "c"));

        assertThat(removed).isEqualTo(1);
        assertThat(REDIS.sync().lrange(outbox, 0, -1)).containsExactly("b", "c");
    }

    @Test
    void commands_whenSeveral_thenOldestFirstWithUnfinishedAndFinished() throws Exception {
        enqueued(request("b", "1"));
        enqueued(request("a", "2"));
        await(store.cancel(IMEI, "b"));

        assertThat(await(store.commands(IMEI))).extracting(StoredCommand::id, StoredCommand::status)
                .containsExactly(tuple("b", CommandStatus.CANCELLED), tuple("a", CommandStatus.QUEUED));
    }

    @Test
    void wake_whenInstanceListens_thenItGetsTheImeiOnly() throws Exception {
        try (StatefulRedisPubSubConnection<String, String> sub = REDIS.connectPubSub()) {
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    got.add(channel + " " + message);
                }
            });
            sub.sync().subscribe(CommandKeys.wakeChannel("instance-a"));

            assertThat(await(store.wake("instance-a", IMEI))).isEqualTo(1);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("fleetlink:cmd:wake:instance-a " + IMEI);
        }
    }

    @Test
    void persistence_whenNoAof_thenNotEveryWrite() throws Exception {
        assertThat(await(store.persistence())).isEqualTo(new Persistence(false, "everysec"));
    }

    @Test
    void persistence_whenAofAlways_thenEveryWrite() throws Exception {
        try (RedisServer aof = RedisServers.start("--appendonly", "yes", "--appendfsync", "always")) {
            RedisClient other = RedisClient.create(aof.uri());
            try (StatefulRedisConnection<String, String> c = other.connect()) {
                Persistence p = await(new RedisCommandStore(c.async(), CommandStoreOptions.DEFAULTS).persistence());
                assertThat(p.everyWrite()).isTrue();
            } finally {
                other.shutdown();
            }
        }
    }

    private static long redisNow() {
        List<String> t = REDIS.sync().time();
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }
}
