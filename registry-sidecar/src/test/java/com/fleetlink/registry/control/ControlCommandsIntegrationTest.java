package com.fleetlink.registry.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status}, {@code flush}, {@code release} and {@code completion} run in-process, the way
 * {@code main} runs them, against a real sidecar on a real Unix socket and a real {@code redis-server};
 * the test plays the ingestion over the local protocol.
 */
@Tag("integration")
class ControlCommandsIntegrationTest {
    private static final String ID = "pod-a";
    private static final String HELD_1 = "356307042441013";
    private static final String HELD_2 = "356307042441021";
    private static final String HELD_3 = "356307042441039";
    private static final String FOREIGN = "356307042441047";
    private static final String DEAD_OWNED = "356307042441054";
    private static final String UNKNOWN = "356307042441062";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;
    private SidecarDaemon daemon;
    private Path socket;
    private LocalClient ingestion;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
        socket = dir.resolve("registry.sock");
        // No periodic reconcile: a repair the test sees must come from the command it runs.
        SidecarOptions options = new SidecarOptions(ID, SidecarHarness.HEARTBEAT, SidecarHarness.TTL, Duration.ofMinutes(1),
                SidecarOptions.DEFAULT_FRESHNESS, Duration.ofHours(1), SidecarHarness.PING, Duration.ofMillis(1));
        daemon = SidecarHarness.start(options, redis.uri(), socket);
    }

    @AfterEach
    void stop() throws Exception {
        if (ingestion != null) {
            ingestion.close();
        }
        daemon.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        redis.close();
    }

    /** An ingestion session holding {@code imeis} on conns 1, 2, …, registered in Redis. */
    private void attachHolding(String... imeis) throws Exception {
        ingestion = LocalClient.connect(socket);
        ingestion.send(new Hello(1, 42, "boot-7"));
        assertThat(ingestion.await(Welcome.class, WAIT).instance()).isEqualTo(ID);
        ingestion.send(new Snapshot("s1", List.<HeldDevice>of(), true));
        for (int i = 0; i < imeis.length; i++) {
            ingestion.send(new Register(imeis[i], i + 1, System.currentTimeMillis(), i + 1));
        }
        Poll.until(WAIT, "all registered", () -> List.of(imeis).stream().allMatch(imei -> ID.equals(sync.hget("connections:registry", imei))));
    }

    private CommandRun run(String command, String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = command;
        args[1] = "--socket";
        args[2] = socket.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        return CommandRun.execute(args);
    }

    @Test
    void status_whenDevicesRegistered_thenFieldsMatchTheSessionAndRedis() throws Exception {
        attachHolding(HELD_1, HELD_2, HELD_3);

        CommandRun status = run("status", "--json");

        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode r = status.json();
        assertThat(r.path("instance").asText()).isEqualTo(ID);
        assertThat(r.path("held").asInt()).isEqualTo(3);
        assertThat(r.path("pending").asInt()).isZero();
        assertThat(r.path("released").asBoolean()).isFalse();
        assertThat(r.path("ingestion").path("attached").asBoolean()).isTrue();
        assertThat(r.path("ingestion").path("boot").asText()).isEqualTo("boot-7");
        assertThat(r.path("ingestion").path("lastSeq").asLong()).isEqualTo(3);
        assertThat(r.path("ingestion").path("events").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(r.path("redis").path("connected").asBoolean()).isTrue();
        assertThat(r.path("redis").path("roundTripMs").isNumber()).isTrue();
        // The harness writes the heartbeat with a 2 s TTL; Redis reports the whole seconds left.
        assertThat(r.path("heartbeat").path("ttlSeconds").asLong()).isBetween(1L, 2L);
        assertThat(r.path("heartbeat").path("stale").asBoolean()).isFalse();
        assertThat(r.path("reconcile").path("lastRun").isTextual()).isTrue();
        assertThat(r.path("healthy").asBoolean()).isTrue();

        CommandRun table = run("status");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("held        3 devices").contains("health      healthy")
                .contains("attached since").contains("boot boot-7");
    }

    @Test
    void statusImei_answersForAHeldAForeignADeadOwnedAndAnUnknownDevice() throws Exception {
        long before = System.currentTimeMillis();
        attachHolding(HELD_1, HELD_2);
        sync.hset("connections:registry", FOREIGN, "pod-b");
        sync.set("instance:heartbeat:pod-b", "1", io.lettuce.core.SetArgs.Builder.ex(60));
        sync.hset("connections:registry", DEAD_OWNED, "pod-gone");

        JsonNode held = run("status", "--imei", HELD_2, "--json").json();
        assertThat(held.path("held").asBoolean()).isTrue();
        assertThat(held.path("conn").asLong()).isEqualTo(2);
        assertThat(Instant.parse(held.path("since").asText()).toEpochMilli()).isBetween(before, System.currentTimeMillis());
        assertThat(held.path("redis").path("owner").asText()).isEqualTo(ID);
        assertThat(held.path("redis").path("ownerIsThisInstance").asBoolean()).isTrue();
        assertThat(held.path("redis").path("ownerHeartbeat").asBoolean()).isTrue();

        JsonNode foreign = run("status", "--imei", FOREIGN, "--json").json();
        assertThat(foreign.path("held").asBoolean()).isFalse();
        assertThat(foreign.path("redis").path("owner").asText()).isEqualTo("pod-b");
        assertThat(foreign.path("redis").path("ownerHeartbeat").asBoolean()).isTrue();

        JsonNode dead = run("status", "--imei", DEAD_OWNED, "--json").json();
        assertThat(dead.path("redis").path("owner").asText()).isEqualTo("pod-gone");
        assertThat(dead.path("redis").path("ownerHeartbeat").asBoolean()).isFalse();

        CommandRun unknown = run("status", "--imei", UNKNOWN);
        assertThat(unknown.exitCode()).isZero();
        assertThat(unknown.out()).contains("held here   no").contains("redis       no entry");
    }

    @Test
    void statusImei_whenNotAnImei_thenOneLineUsageErrorExit2() {
        CommandRun run = run("status", "--imei", "35630704244101x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").contains("not an IMEI");
    }

    @Test
    void status_whenRedisPaused_thenDegradedExit1UntilItResumes() throws Exception {
        attachHolding(HELD_1);
        redis.pause();
        try {
            Poll.until(WAIT, "status exits 1 with Redis paused", () -> run("status").exitCode() == 1);
            CommandRun degraded = run("status");
            assertThat(degraded.out()).contains("DEGRADED").contains("redis did not answer in time");
            assertThat(run("status", "--imei", HELD_1).exitCode()).isEqualTo(1);
        } finally {
            redis.resume();
        }
        Poll.until(WAIT, "status exits 0 once Redis is back", () -> run("status").exitCode() == 0);
    }

    @Test
    void status_whenRedisKilled_thenDegradedExit1() throws Exception {
        attachHolding(HELD_1);
        redis.kill();

        Poll.until(WAIT, "status exits 1 with Redis gone", () -> run("status").exitCode() == 1);
        JsonNode r = run("status", "--json").json();
        assertThat(r.path("redis").path("connected").asBoolean()).isFalse();
        assertThat(r.path("problems").toString()).contains("redis is not connected");
        assertThat(r.path("held").asInt()).isEqualTo(1);
    }

    @Test
    void status_whenNoSocket_thenExit3AndNothingOnStdout() {
        CommandRun run = CommandRun.execute("status", "--socket", dir.resolve("missing.sock").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no socket at").contains("missing.sock");
    }

    @Test
    void status_whenSocketFileHasNoDaemon_thenExit3() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        // Closing a Unix server socket leaves its file: exactly what a killed daemon leaves behind.
        CommandRun run = CommandRun.execute("status", "--socket", stale.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("cannot talk to the sidecar");
    }

    @Test
    void status_whenDaemonNeverAnswers_thenExit3AfterTheTimeout() throws Exception {
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(silent));
            long started = System.nanoTime();

            CommandRun run = CommandRun.execute("status", "--socket", silent.toString(), "--timeout", "300ms");

            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).contains("did not answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void flush_whenRegistryEmptiedBehindItsBack_thenEntriesBackAndCountPrinted() throws Exception {
        attachHolding(HELD_1, HELD_2);
        sync.del("connections:registry");

        CommandRun flush = run("flush");

        assertThat(flush.exitCode()).as(flush.err()).isZero();
        assertThat(flush.out()).contains("repaired 2").contains("2 devices held");
        assertThat(sync.hgetall("connections:registry")).isEqualTo(Map.of(HELD_1, ID, HELD_2, ID));
    }

    @Test
    void flush_whenRedisUnreachable_thenExit1SayingSo() throws Exception {
        attachHolding(HELD_1);
        redis.kill();
        Poll.until(WAIT, "the sidecar sees Redis gone", () -> !run("status", "--json").json().path("redis").path("connected").asBoolean());

        CommandRun flush = run("flush", "--json");

        assertThat(flush.exitCode()).isEqualTo(1);
        assertThat(flush.json().path("ok").asBoolean()).isFalse();
        assertThat(flush.json().path("error").asText()).contains("redis is not connected");
    }

    @Test
    void release_withYes_deletesExactlyThisInstancesEntries_untilFlushWritesThemBack() throws Exception {
        sync.hset("connections:registry", FOREIGN, "pod-b");
        attachHolding(HELD_1, HELD_2);

        CommandRun release = run("release", "--yes");

        assertThat(release.exitCode()).as(release.err()).isZero();
        assertThat(release.out()).contains("released 2 of 2 held entries");
        assertThat(sync.hgetall("connections:registry")).isEqualTo(Map.of(FOREIGN, "pod-b"));
        assertThat(run("status", "--json").json().path("released").asBoolean()).isTrue();
        assertThat(run("status").out()).contains("released    yes");

        // The ingestion still holds both sockets: flush writes them back.
        assertThat(run("flush").exitCode()).isZero();
        assertThat(run("status", "--json").json().path("released").asBoolean()).isFalse();
        assertThat(sync.hgetall("connections:registry")).isEqualTo(Map.of(FOREIGN, "pod-b", HELD_1, ID, HELD_2, ID));
    }

    @Test
    void release_withoutYesAndWithoutTerminal_thenRefusedExit2AndNothingReleased() throws Exception {
        attachHolding(HELD_1);

        CommandRun release = run("release");

        assertThat(release.exitCode()).isEqualTo(2);
        assertThat(release.err().strip()).doesNotContain("\n").contains("--yes");
        assertThat(sync.hget("connections:registry", HELD_1)).isEqualTo(ID);
        assertThat(run("status", "--json").json().path("released").asBoolean()).isFalse();
    }

    @Test
    void completion_printsABashScriptForEveryCommand() {
        CommandRun run = CommandRun.execute("completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F").contains("status").contains("flush").contains("release")
                .contains("replay").contains("--socket").contains("--imei");
    }

    @Test
    void everyCommand_hasHelpAndVersion_andAWrongFlagIsOneLineExit2() {
        for (String command : List.of("run", "status", "flush", "release", "replay", "completion")) {
            CommandRun help = CommandRun.execute(command, "--help");
            assertThat(help.exitCode()).as(command + " --help").isZero();
            assertThat(help.out()).as(command + " --help").contains("Usage:").contains("--version");
            CommandRun version = CommandRun.execute(command, "--version");
            assertThat(version.exitCode()).as(command + " --version").isZero();
            assertThat(version.out()).as(command + " --version").contains("development build");
            // A path too, so replay's required FILE|DIR is there and the flag is what picocli complains about.
            CommandRun wrong = CommandRun.execute(command, "--no-such-flag", dir.toString());
            assertThat(wrong.exitCode()).as(command + " --no-such-flag").isEqualTo(2);
            assertThat(wrong.err().strip()).as(command + " --no-such-flag").doesNotContain("\n").contains("--no-such-flag");
        }
        assertThat(CommandRun.execute("status", "--help").out()).contains("REGISTRY_SOCKET").contains("CONTROL_TIMEOUT");
    }
}
