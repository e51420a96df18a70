package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.protocol.control.ControlReplyCodec;
import com.fleetlink.protocol.control.StatusReply;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SharedRedis;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command dispatcher in the real daemon, against a real {@code redis-server}, with the test in
 * the ingestion's place on the real Unix socket: commands enqueued through the store reach the
 * socket, and the outcomes the "ingestion" reports end up in Redis. The periodic sweep is slow
 * (a minute) unless a test is about it, so each trigger is seen on its own.
 */
@Tag("integration")
class CommandDispatchIntegrationTest {
    private static final String ID = "pod-a";
    private static final String IMEI = "356307042441013";
    private static final String OTHER_IMEI = "356307042441021";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SLOW_SWEEP = Duration.ofMinutes(1);
    private static final Duration FAST_SWEEP = Duration.ofMillis(200);
    /** How long a test watches for a command line that must not come. */
    private static final Duration QUIET = Duration.ofMillis(1500);
    /** The command row of {@code status} once c1 responded: nothing in flight or waiting, one responded since start. */
    private static final Pattern STATUS_ROW_ONE_RESPONDED = Pattern.compile("(?m)^commands +persistence off \\(aof off.*, "
            + "0 in flight, 0 outcomes waiting for Redis; since start: (.*, )?responded 1(, .*)?$");

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final RedisCommands<String, String> sync = REDIS.sync();
    private final RedisCommandStore store = new RedisCommandStore(REDIS.async(), CommandStoreOptions.DEFAULTS);

    @TempDir
    Path dir;

    private SidecarDaemon daemon;
    private final List<LocalClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (LocalClient c : clients) {
            c.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    private static CommandDispatchOptions options(Duration sweep, List<String> allow) {
        return new CommandDispatchOptions(true, allow, CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT, sweep,
                Duration.ofSeconds(1), Duration.ofMillis(300), CommandStoreOptions.DEFAULTS);
    }

    private void startDaemon(CommandDispatchOptions commands, String redisUri) throws Exception {
        daemon = SidecarHarness.start(SidecarHarness.options(ID), commands, redisUri, dir.resolve("run/registry.sock"));
    }

    private void startDaemon(Duration sweep) throws Exception {
        startDaemon(options(sweep, List.of()), REDIS.uri());
    }

    /** An ingestion that lists {@code cmd} (or not), holding nothing yet; returns once the wake-up channel is listened to. */
    private LocalClient attach(boolean listsCommands, RedisCommands<String, String> on) throws Exception {
        LocalClient ingestion = LocalClient.connect(dir.resolve("run/registry.sock"));
        clients.add(ingestion);
        ingestion.send(new Hello(LocalProtocol.VERSION, 42, "boot-1", listsCommands ? List.of(LocalProtocol.CAP_COMMANDS) : List.of()));
        assertThat(ingestion.await(Welcome.class, WAIT).caps()).contains(LocalProtocol.CAP_COMMANDS);
        ingestion.send(new Snapshot("s1", List.of(), true));
        Poll.until(WAIT, "the sidecar listens for wake-ups", () -> {
            Map<String, Long> subscribers = on.pubsubNumsub(CommandKeys.wakeChannel(ID));
            return subscribers.getOrDefault(CommandKeys.wakeChannel(ID), 0L) > 0;
        });
        return ingestion;
    }

    private LocalClient attach() throws Exception {
        return attach(true, sync);
    }

    private static void register(LocalClient ingestion, long conn, long seq, RedisCommands<String, String> on) throws Exception {
        ingestion.send(new Register(IMEI, conn, System.currentTimeMillis(), seq));
        Poll.until(WAIT, "the registry names " + ID, () -> ID.equals(on.hget("connections:registry", IMEI)));
    }

    /**
     * An ingestion holding the device on socket 7 from its snapshot, whose field already names us: the
     * repair finds it present, so no registration lands and only the trigger under test can claim.
     */
    private LocalClient attachHolding() throws Exception {
        sync.hset("connections:registry", IMEI, ID);
        LocalClient ingestion = LocalClient.connect(dir.resolve("run/registry.sock"));
        clients.add(ingestion);
        ingestion.send(new Hello(LocalProtocol.VERSION, 42, "boot-1", List.of(LocalProtocol.CAP_COMMANDS)));
        ingestion.await(Welcome.class, WAIT);
        ingestion.send(new Snapshot("s1", List.of(new LocalMessage.HeldDevice(IMEI, 7)), true));
        Poll.until(WAIT, "the sidecar holds the device and listens for wake-ups", () ->
                metric("teltonika_registry_held_entries") == 1.0
                        && sync.pubsubNumsub(CommandKeys.wakeChannel(ID)).getOrDefault(CommandKeys.wakeChannel(ID), 0L) > 0
                        && sync.exists("instance:heartbeat:" + ID) == 1);
        return ingestion;
    }

    private static CommandRequest request(String id, String text, Duration responseTimeout, Duration expire, int maxAttempts) {
        return new CommandRequest(id, IMEI, "ops", text.getBytes(StandardCharsets.UTF_8), true, 12, expire, responseTimeout,
                false, false, maxAttempts);
    }

    private static CommandRequest request(String id, String text) {
        return request(id, text, Duration.ofSeconds(5), CommandRequest.DEFAULT_EXPIRE, 1);
    }

    private static void enqueue(CommandRequest r, RedisCommandStore to) throws Exception {
        assertThat(to.enqueue(r).toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(EnqueueResult.Accepted.class);
    }

    private void enqueueAndWake(CommandRequest r) throws Exception {
        enqueue(r, store);
        store.wake(ID, IMEI).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static StoredCommand stored(String id, RedisCommandStore from) throws Exception {
        return from.command(IMEI, id).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
    }

    private static void awaitStatus(String id, CommandStatus status, RedisCommandStore from) {
        Poll.until(WAIT, id + " " + status.word(), () -> {
            try {
                return stored(id, from).status() == status;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Fails when a {@code command} line arrives within {@link #QUIET}. */
    private static void assertNoCommand(LocalClient ingestion) throws Exception {
        long deadline = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() < deadline) {
            String line = ingestion.nextLine(Duration.ofMillis(50));
            if (line != null && LocalProtocolCodec.decode(line) instanceof ParsedLine.Parsed p && p.message() instanceof Command c) {
                throw new AssertionError("a command line came: " + c);
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private double metric(String series) {
        return AdminEndpoint.onPort(daemon.metricsPort()).value(series);
    }

    /** What {@code status} prints for people. */
    private String statusText() {
        CommandRun status = CommandRun.execute("status", "--socket", dir.resolve("run/registry.sock").toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        return status.out();
    }

    private List<String> streamStatuses(String id) {
        return sync.xrange(CommandKeys.EVENTS, io.lettuce.core.Range.create("-", "+")).stream()
                .filter(m -> id.equals(m.getBody().get("id"))).map(m -> m.getBody().get("status"))
                // At least once: two drains of one outbox may both add an entry; consumers dedupe.
                .distinct().toList();
    }

    @Test
    void command_whenEnqueuedAndWoken_thenReachesTheSocketAndTheReplyMakesItResponded() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attachHolding();

        enqueueAndWake(request("c1", "getver"));
        Command line = ingestion.await(Command.class, WAIT);

        assertThat(line.id()).isEqualTo("c1");
        assertThat(line.conn()).isEqualTo(7);
        assertThat(line.attempt()).isEqualTo(1);
        assertThat(new String(line.payload(), StandardCharsets.UTF_8)).isEqualTo("getver");
        assertThat(line.timeout()).isEqualTo(5000);
        assertThat(line.reply()).isTrue();
        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        awaitStatus("c1", CommandStatus.SENT, store);
        ingestion.send(new CommandResult("c1", IMEI, 7, 1, "ver 1.2".getBytes(StandardCharsets.UTF_8), false, now()));
        awaitStatus("c1", CommandStatus.RESPONDED, store);
        assertThat(stored("c1", store).result()).isEqualTo("ver 1.2");
        Poll.until(WAIT, "the stream has every step", () -> streamStatuses("c1").contains("responded"));
        assertThat(streamStatuses("c1")).containsExactly("queued", "dispatching", "sent", "responded");
        assertThat(metric("teltonika_sidecar_commands_total{outcome=\"responded\"}")).isEqualTo(1.0);
        assertThat(metric("teltonika_command_enqueue_to_responded_seconds_count")).isEqualTo(1.0);
    }

    @Test
    void status_whenACommandResponded_thenItsTextCountsIt() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attachHolding();
        enqueueAndWake(request("c1", "getver"));
        ingestion.await(Command.class, WAIT);
        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        ingestion.send(new CommandResult("c1", IMEI, 7, 1, "ok".getBytes(StandardCharsets.UTF_8), false, now()));
        awaitStatus("c1", CommandStatus.RESPONDED, store);

        AtomicReference<String> text = new AtomicReference<>("");
        Poll.untilOrTimeout(WAIT, Poll.DEFAULT_INTERVAL, () -> STATUS_ROW_ONE_RESPONDED.matcher(text.updateAndGet(t -> statusText())).find());
        assertThat(text.get()).containsPattern(STATUS_ROW_ONE_RESPONDED);
    }

    @Test
    void command_whenTimedOutAfterTheWrite_thenUnknown() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attach();
        register(ingestion, 7, 1, sync);
        enqueueAndWake(request("c1", "getver"));
        ingestion.await(Command.class, WAIT);

        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        ingestion.send(new CommandFailed("c1", IMEI, 7, 1, "timeout", true, now()));

        awaitStatus("c1", CommandStatus.UNKNOWN, store);
        assertThat(stored("c1", store).reason()).isEqualTo("timeout");
    }

    /** A command allowed two attempts, written on conn 7 and timed out once: queued again for attempt 2. */
    private LocalClient firstOfTwoAttemptsTimedOut() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attach();
        register(ingestion, 7, 1, sync);
        enqueueAndWake(request("c1", "getver", Duration.ofSeconds(5), CommandRequest.DEFAULT_EXPIRE, 2));
        ingestion.await(Command.class, WAIT);
        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        ingestion.send(new CommandFailed("c1", IMEI, 7, 1, "timeout", true, now()));
        awaitStatus("c1", CommandStatus.QUEUED, store);
        return ingestion;
    }

    @Test
    void command_whenTwoAttemptsAllowed_thenRetriedOnceWhenTheSocketIsReady() throws Exception {
        LocalClient ingestion = firstOfTwoAttemptsTimedOut();

        ingestion.send(new CommandReady(IMEI, 7));
        Command retry = ingestion.await(Command.class, WAIT);
        assertThat(retry.attempt()).isEqualTo(2);
        ingestion.send(new CommandSent("c1", IMEI, 7, 2, now()));
        ingestion.send(new CommandFailed("c1", IMEI, 7, 2, "timeout", true, now()));

        awaitStatus("c1", CommandStatus.UNKNOWN, store);
        assertThat(stored("c1", store).writes()).isEqualTo(2);
        assertNoCommand(ingestion);
    }

    @Test
    void command_whenQueuedForAnOfflineDevice_thenSentWithinASecondOfItsRegistration() throws Exception {
        startDaemon(SLOW_SWEEP);
        enqueue(request("c1", "getver"), store);
        LocalClient ingestion = attach();

        register(ingestion, 7, 1, sync);
        long landed = System.nanoTime();
        Command line = ingestion.await(Command.class, WAIT);

        assertThat(line.id()).isEqualTo("c1");
        assertThat(Duration.ofNanos(System.nanoTime() - landed)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void command_whenExpiredBeforeTheDeviceCame_thenNeverSent() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attach();
        enqueueExpired("c1");

        // The registration sweeps the device before it claims: the sweep finds c1 due.
        register(ingestion, 7, 1, sync);

        awaitStatus("c1", CommandStatus.EXPIRED, store);
        assertNoCommand(ingestion);
    }

    @Test
    void command_whenExpiredBeforeAWakeUp_thenTheClaimExpiresItAndNothingIsSent() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attachHolding();
        enqueueExpired("c1");

        // A wake-up claims without a sweep first: the claim itself must pass over the due command.
        store.wake(ID, IMEI).toCompletableFuture().get(5, TimeUnit.SECONDS);

        awaitStatus("c1", CommandStatus.EXPIRED, store);
        assertNoCommand(ingestion);
    }

    @Test
    void command_carriesItsExpiryAsItsDeadline_onTheHostClockAndNeverLater() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attachHolding();

        enqueueAndWake(request("c1", "getver"));
        Command line = ingestion.await(Command.class, WAIT);

        // Redis runs on this host: its clock is the host's, and only the measurement's uncertainty moves the deadline.
        long expireAt = stored("c1", store).expireAt();
        assertThat(line.deadline()).isBetween(expireAt - 1_000, expireAt);
    }

    @Test
    void outcome_whenTheIngestionFoundTheCommandExpired_thenExpiredNeverWritten() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attachHolding();
        enqueueAndWake(request("c1", "setdigout 1", Duration.ofSeconds(5), Duration.ofMillis(500), 1));
        Command line = ingestion.await(Command.class, WAIT);
        awaitRedisPastTheExpiry("c1");

        ingestion.send(new CommandFailed("c1", IMEI, 7, line.attempt(), "expired", false, now()));

        awaitStatus("c1", CommandStatus.EXPIRED, store);
        assertThat(stored("c1", store).writes()).isZero();
        assertNoCommand(ingestion);
    }

    /** Queues {@code id} with a 200 ms expiry and returns once Redis' clock is past it. */
    private void enqueueExpired(String id) throws Exception {
        enqueue(request(id, "getver", Duration.ofSeconds(5), Duration.ofMillis(200), 1), store);
        awaitRedisPastTheExpiry(id);
    }

    private void awaitRedisPastTheExpiry(String id) throws Exception {
        long expireAt = stored(id, store).expireAt();
        Poll.until(WAIT, "Redis' clock passes the expiry", () -> Long.parseLong(sync.time().get(0)) * 1000 > expireAt);
    }

    @Test
    void command_whenTheSameIdIsEnqueuedTwice_thenOneCommandLine() throws Exception {
        startDaemon(SLOW_SWEEP);
        LocalClient ingestion = attach();
        register(ingestion, 7, 1, sync);

        enqueueAndWake(request("c1", "getver"));
        enqueueAndWake(request("c1", "getver"));
        ingestion.await(Command.class, WAIT);
        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        ingestion.send(new CommandResult("c1", IMEI, 7, 1, "ok".getBytes(StandardCharsets.UTF_8), false, now()));
        awaitStatus("c1", CommandStatus.RESPONDED, store);
        store.wake(ID, IMEI).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertNoCommand(ingestion);
        assertThat(stored("c1", store).attempt()).isEqualTo(1);
    }

    @Test
    void outcome_whenOfAnOlderAttempt_thenIgnoredAndCounted() throws Exception {
        LocalClient ingestion = firstOfTwoAttemptsTimedOut();
        ingestion.send(new CommandReady(IMEI, 7));
        assertThat(ingestion.await(Command.class, WAIT).attempt()).isEqualTo(2);

        ingestion.send(new CommandResult("c1", IMEI, 7, 1, "old".getBytes(StandardCharsets.UTF_8), false, now()));

        Poll.until(WAIT, "the stale outcome is counted", () -> metric("teltonika_sidecar_command_stale_outcomes_total") == 1.0);
        assertThat(stored("c1", store).status()).isEqualTo(CommandStatus.DISPATCHING);
        ingestion.send(new CommandSent("c1", IMEI, 7, 2, now()));
        ingestion.send(new CommandResult("c1", IMEI, 7, 2, "new".getBytes(StandardCharsets.UTF_8), false, now()));
        awaitStatus("c1", CommandStatus.RESPONDED, store);
        assertThat(stored("c1", store).result()).isEqualTo("new");
    }

    @Test
    void hello_whenWithoutCmd_thenNoCommandLineEver() throws Exception {
        startDaemon(FAST_SWEEP);
        LocalClient ingestion = attach(false, sync);
        // The registration's claim, the wake-up and the sweeps all run; none may send to this session.
        register(ingestion, 7, 1, sync);

        enqueueAndWake(request("c1", "getver"));

        assertNoCommand(ingestion);
        assertThat(stored("c1", store).status()).isEqualTo(CommandStatus.QUEUED);
    }

    @Test
    void commands_whenOff_thenWelcomeWithoutCmdAndNoCommandLineEver() throws Exception {
        startDaemon(new CommandDispatchOptions(false, List.of(), CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT, FAST_SWEEP,
                Duration.ofSeconds(1), Duration.ofMillis(300), CommandStoreOptions.DEFAULTS), REDIS.uri());
        enqueue(request("c1", "getver"), store);
        LocalClient ingestion = LocalClient.connect(dir.resolve("run/registry.sock"));
        clients.add(ingestion);
        ingestion.send(new Hello(LocalProtocol.VERSION, 42, "boot-1", List.of(LocalProtocol.CAP_COMMANDS)));

        assertThat(ingestion.await(Welcome.class, WAIT).caps()).doesNotContain(LocalProtocol.CAP_COMMANDS);
        ingestion.send(new Snapshot("s1", List.of(), true));
        // The registration's drain, the wake-up and the sweeps would each send c1 were commands on.
        register(ingestion, 7, 1, sync);
        store.wake(ID, IMEI).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ingestion.send(new Register(OTHER_IMEI, 8, System.currentTimeMillis(), 2));
        Poll.until(WAIT, "the second registration lands", () -> ID.equals(sync.hget("connections:registry", OTHER_IMEI)));

        assertNoCommand(ingestion);
        assertThat(stored("c1", store).status()).isEqualTo(CommandStatus.QUEUED);
    }

    @Test
    void outcome_whenRedisIsDown_thenWrittenOnceItReturns() throws Exception {
        try (RedisServerProcess durable = RedisServerProcess.startIn(Files.createDirectories(dir.resolve("redis")), "--appendonly", "yes",
                "--appendfsync", "always")) {
            RedisClient durableClient = RedisClient.create(durable.uri());
            try {
                RedisCommands<String, String> durableSync = durableClient.connect().sync();
                RedisCommandStore durableStore = new RedisCommandStore(durableClient.connect().async(), CommandStoreOptions.DEFAULTS);
                startDaemon(options(SLOW_SWEEP, List.of()), durable.uri());
                LocalClient ingestion = attach(true, durableSync);
                register(ingestion, 7, 1, durableSync);
                enqueue(request("c1", "getver"), durableStore);
                durableStore.wake(ID, IMEI).toCompletableFuture().get(5, TimeUnit.SECONDS);
                ingestion.await(Command.class, WAIT);

                durable.kill();
                Poll.until(WAIT, "the sidecar sees Redis gone", () -> metric("teltonika_registry_redis_connected") == 0.0);
                ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
                ingestion.send(new CommandResult("c1", IMEI, 7, 1, "ok".getBytes(StandardCharsets.UTF_8), false, now()));
                Poll.until(WAIT, "both outcomes wait", () -> metric("teltonika_sidecar_command_backlog") == 2.0);
                durable.startAgain();

                awaitStatus("c1", CommandStatus.RESPONDED, durableStore);
                assertThat(metric("teltonika_sidecar_command_backlog")).isEqualTo(0.0);
                assertThat(metric("teltonika_sidecar_command_persistence_off")).isEqualTo(0.0);
            } finally {
                durableClient.shutdown();
            }
        }
    }

    @Test
    void policy_whenOutsideTheAllowList_thenCancelledAndNeverSent() throws Exception {
        startDaemon(options(SLOW_SWEEP, List.of("getver*")), REDIS.uri());
        LocalClient ingestion = attach();
        register(ingestion, 7, 1, sync);

        enqueue(request("bad", "setdigout 1"), store);
        enqueueAndWake(request("good", "getver"));

        Command line = ingestion.await(Command.class, WAIT);
        assertThat(line.id()).isEqualTo("good");
        assertThat(stored("bad", store).status()).isEqualTo(CommandStatus.CANCELLED);
        assertThat(stored("bad", store).reason()).isEqualTo("policy");
        assertThat(stored("bad", store).writes()).isZero();
    }

    @Test
    void ingestion_whenGoneMidCommand_thenTheLeaseLapsesToUnknown() throws Exception {
        startDaemon(FAST_SWEEP);
        LocalClient ingestion = attach();
        register(ingestion, 7, 1, sync);
        enqueueAndWake(request("c1", "getver", Duration.ofMillis(300), CommandRequest.DEFAULT_EXPIRE, 1));
        ingestion.await(Command.class, WAIT);
        ingestion.send(new CommandSent("c1", IMEI, 7, 1, now()));
        awaitStatus("c1", CommandStatus.SENT, store);

        ingestion.close();

        awaitStatus("c1", CommandStatus.UNKNOWN, store);
        assertThat(stored("c1", store).reason()).isEqualTo("lease_lapsed");
    }

    @Test
    void wakeUp_whenLost_thenThePeriodicSweepStillDelivers() throws Exception {
        startDaemon(FAST_SWEEP);
        LocalClient ingestion = attachHolding();

        enqueue(request("c1", "getver"), store);

        assertThat(ingestion.await(Command.class, WAIT).id()).isEqualTo("c1");
    }

    @Test
    void persistence_whenRedisKeepsNoAof_thenMetricAndStatusSaySo() throws Exception {
        startDaemon(SLOW_SWEEP);
        attach();

        Poll.until(WAIT, "the gauge says persistence is off",
                () -> metric("teltonika_sidecar_command_persistence_off") == 1.0);
        try (LocalClient control = LocalClient.connect(dir.resolve("run/registry.sock"))) {
            control.send(new LocalMessage.ControlRequest(LocalMessage.ControlCommand.STATUS));
            StatusReply status = ControlReplyCodec.decode(control.nextLine(WAIT), StatusReply.class);
            assertThat(status.commands().enabled()).isTrue();
            assertThat(status.commands().persistence()).startsWith("off (aof off");
        }
    }
    @Test
    void outbox_whenADrainFailed_thenTheGaugeCountsItAndTheSweepMovesItOnceItIsOld() throws Exception {
        startDaemon(FAST_SWEEP);
        sync.set(CommandKeys.EVENTS, "not a stream");
        assertThatThrownBy(() -> store.enqueue(request("c1", "getver")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasMessageContaining("WRONGTYPE");
        sync.del(CommandKeys.EVENTS);

        Poll.until(WAIT, "the gauge counts the outbox left behind",
                () -> metric("teltonika_sidecar_command_outboxes_pending") == 1.0);
        sync.zadd(CommandKeys.OUTBOX_INDEX, (double) (System.currentTimeMillis() - 60_000), IMEI);

        Poll.until(WAIT, "the sweep moved the entry to the stream", () -> streamStatuses("c1").contains("queued"));
        Poll.until(WAIT, "the gauge counts none left", () -> metric("teltonika_sidecar_command_outboxes_pending") == 0.0);
        assertThat(sync.exists(CommandKeys.outbox(IMEI))).isZero();
    }

}
