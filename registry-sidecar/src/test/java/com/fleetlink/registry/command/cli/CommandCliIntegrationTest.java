package com.fleetlink.registry.command.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.registry.SidecarMain;
import com.fleetlink.registry.command.ClaimResult;
import com.fleetlink.registry.command.CommandKeys;
import com.fleetlink.registry.command.CommandOutcome;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.command.RedisCommandStore;
import com.fleetlink.registry.command.StoredCommand;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.SharedRedis;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.FreePorts;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code send}, {@code commands} and {@code cancel} run as {@code main} runs them, against a real {@code redis-server}. */
@Tag("integration")
class CommandCliIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final RedisCommandStore store = new RedisCommandStore(REDIS.async(), CommandStoreOptions.DEFAULTS);

    private static CommandRun run(String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--redis";
        all[2] = REDIS.uri();
        System.arraycopy(args, 0, all, 3, args.length);
        return CommandRun.execute(all);
    }

    private static List<JsonNode> lines(CommandRun run) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void send_whenAccepted_thenOneJsonLineQueuedExit0AndTheHolderIsWoken() throws Exception {
        REDIS.sync().hset(ConnectionRegistry.REGISTRY_KEY, IMEI, "instance-a");
        REDIS.sync().set(ConnectionRegistry.heartbeatKey("instance-a"), "1");
        BlockingQueue<String> wakes = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> sub = REDIS.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    wakes.add(message);
                }
            });
            sub.sync().subscribe(CommandKeys.wakeChannel("instance-a"));

            CommandRun r = run("send", "--imei", IMEI, "--text", "getver", "--id", "c1", "--requester", "ops", "--json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().strip()).doesNotContain("\n");
            JsonNode c = r.json();
            assertThat(c.path("id").asText()).isEqualTo("c1");
            assertThat(c.path("imei").asText()).isEqualTo(IMEI);
            assertThat(c.path("status").asText()).isEqualTo("queued");
            assertThat(c.path("requester").asText()).isEqualTo("ops");
            assertThat(c.path("text").asText()).isEqualTo("getver");
            assertThat(c.path("writes").asInt()).isZero();
            assertThat(c.path("created_at").asLong()).isPositive();
            assertThat(c.path("finished_at").isNull()).isTrue();
            assertThat(wakes.poll(5, TimeUnit.SECONDS)).isEqualTo(IMEI);
        }
    }

    @Test
    void send_whenNoId_thenARandomUuid() {
        CommandRun r = run("send", "--imei", IMEI, "--hex", "0a0b", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(UUID.fromString(r.json().path("id").asText())).isNotNull();
        assertThat(r.json().path("payload").asText()).isEqualTo("0a0b");
    }

    @Test
    void send_whenIdTakenByOtherPayload_thenExit1() {
        run("send", "--imei", IMEI, "--text", "getver", "--id", "c1");

        CommandRun r = run("send", "--imei", IMEI, "--text", "cpureset", "--id", "c1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("c1 is taken by a command with another payload");
    }

    @Test
    void send_whenQueueFull_thenExit1() {
        run("send", "--imei", IMEI, "--text", "a", "--queue-limit", "1");

        CommandRun r = run("send", "--imei", IMEI, "--text", "b", "--queue-limit", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("queue is full");
    }

    @Test
    void send_whenNoQueueAndDeviceOffline_thenExpiredExit1() {
        CommandRun r = run("send", "--imei", IMEI, "--text", "a", "--no-queue", "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json().path("status").asText()).isEqualTo("expired");
        assertThat(r.json().path("reason").asText()).isEqualTo("offline");
    }

    @Test
    void send_withWait_whenTheHolderGetsAReply_thenResultAndExit0() throws Exception {
        CompletableFuture<Void> holder = CompletableFuture.runAsync(this::answerOneCommand);

        CommandRun r = run("send", "--imei", IMEI, "--text", "getver", "--id", "c1", "--wait", "10s", "--json");

        holder.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().path("status").asText()).isEqualTo("responded");
        assertThat(r.json().path("result").asText()).isEqualTo("Ver:03.27.07");
        assertThat(r.json().path("writes").asInt()).isEqualTo(1);
    }

    /** What an instance holding the device does: claims the command once it is queued, writes it, gets the reply. */
    private void answerOneCommand() {
        int[] attempt = {0};
        String[] id = {null};
        Poll.until(Duration.ofSeconds(10), "send to queue a command", () -> {
            ClaimResult r = store.claim(IMEI, "instance-a", Duration.ofSeconds(30)).toCompletableFuture().join();
            if (r instanceof ClaimResult.Claimed c) {
                attempt[0] = c.command().attempt();
                id[0] = c.command().id();
                return true;
            }
            return false;
        });
        store.markSent(IMEI, id[0], attempt[0], Duration.ofSeconds(30)).toCompletableFuture().join();
        store.complete(IMEI, id[0], attempt[0], CommandOutcome.responded("Ver:03.27.07")).toCompletableFuture().join();
    }

    @Test
    void send_withWait_whenNothingClaimsIt_thenStillQueuedAndExit1() {
        CommandRun r = run("send", "--imei", IMEI, "--text", "getver", "--wait", "300ms", "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json().path("status").asText()).isEqualTo("queued");
        assertThat(r.err()).contains("still queued when --wait ran out");
    }

    @Test
    void commands_json_whenSeveral_thenOneLineEachOldestFirst() throws Exception {
        run("send", "--imei", IMEI, "--text", "first", "--id", "z");
        run("send", "--imei", IMEI, "--text", "second", "--id", "a");
        run("cancel", "--imei", IMEI, "--id", "z");

        CommandRun r = run("commands", "--imei", IMEI, "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(lines(r)).extracting(n -> n.path("id").asText() + ":" + n.path("status").asText())
                .containsExactly("z:cancelled", "a:queued");
    }

    @Test
    void commands_whenIdUnknown_thenExit1() {
        assertThat(run("commands", "--imei", IMEI, "--id", "nope").exitCode()).isEqualTo(1);
    }

    @Test
    void cancel_whenQueued_thenCancelledExit0() {
        run("send", "--imei", IMEI, "--text", "a", "--id", "c1");

        CommandRun r = run("cancel", "--imei", IMEI, "--id", "c1", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().path("status").asText()).isEqualTo("cancelled");
        assertThat(r.json().path("reason").asText()).isEqualTo("caller");
    }

    @Test
    void cancel_whenClaimed_thenLeftAloneExit1() throws Exception {
        run("send", "--imei", IMEI, "--text", "a", "--id", "c1");
        store.claim(IMEI, "instance-a", Duration.ofSeconds(30)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        CommandRun r = run("cancel", "--imei", IMEI, "--id", "c1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("may be written any moment");
        StoredCommand c = store.command(IMEI, "c1").toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(c.status().word()).isEqualTo("dispatching");
    }

    @Test
    void everyCommand_whenRedisUnreachable_thenExit3() {
        String nowhere = "redis://127.0.0.1:" + FreePorts.pick();
        List<String[]> commands = List.of(
                new String[] {"send", "--redis", nowhere, "--redis-timeout", "300ms", "--imei", IMEI, "--text", "a"},
                new String[] {"commands", "--redis", nowhere, "--redis-timeout", "300ms", "--imei", IMEI},
                new String[] {"cancel", "--redis", nowhere, "--redis-timeout", "300ms", "--imei", IMEI, "--id", "c1"});

        for (String[] args : commands) {
            CommandRun r = CommandRun.execute(args);
            assertThat(r.exitCode()).as(args[0] + ": " + r.err()).isEqualTo(3);
            assertThat(r.err()).contains("cannot reach Redis");
        }
    }

    @Test
    void send_whenRedisUnreachable_thenStderrIsOneLineNamingTheRedis(@TempDir Path dir) {
        String nowhere = "redis://127.0.0.1:" + FreePorts.pick();
        // In a JVM of its own: an in-process run captures picocli's writer, not what the loggers print.
        JavaProgram cli = JavaProgram.mainClass(SidecarMain.class.getName(), JavaProgram.TEST_JVM_OPTIONS);
        // Two seconds of retries: several failed connection attempts, each of which could have logged.
        List<String> args = List.of("send", "--redis", nowhere, "--redis-timeout", "2s", "--imei", IMEI, "--text", "a");
        try (ChildProcess send = ChildProcess.start("send", cli.command(args), dir)) {
            assertThat(send.awaitExit(Duration.ofSeconds(30))).as(send.tail()).isEqualTo(3);
            assertThat(send.stderr().strip()).doesNotContain("\n").startsWith("send: cannot reach Redis at " + nowhere + ":");
        }
    }

    @Test
    void send_whenUsageIsWrong_thenExit2() {
        assertThat(run("send", "--imei", IMEI).exitCode()).as("no payload").isEqualTo(2);
        assertThat(run("send", "--imei", IMEI, "--text", "a", "--hex", "0a").exitCode()).as("both payloads").isEqualTo(2);
        assertThat(run("send", "--imei", IMEI, "--hex", "0g").exitCode()).as("bad hex").isEqualTo(2);
        assertThat(run("send", "--imei", IMEI, "--text", "a", "--expire", "169h").exitCode()).as("expiry past 7 days").isEqualTo(2);
        assertThat(run("send", "--imei", IMEI, "--text", "a", "--codec", "13").exitCode()).as("codec 13").isEqualTo(2);
        assertThat(run("send", "--imei", "123", "--text", "a").exitCode()).as("bad IMEI").isEqualTo(2);
        assertThat(run("cancel", "--imei", IMEI).exitCode()).as("cancel without id").isEqualTo(2);
        assertThat(REDIS.sync().keys("fleetlink:*")).isEmpty();
    }
}
