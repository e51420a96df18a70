package com.fleetlink.registry.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.registry.EventLogJournal;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} on an event log recorded by a real sidecar against a real {@code redis-server}:
 * the recording (once for the class) holds a snapshot with a device another live instance owns, a
 * stray entry of an earlier life, registrations and closes before and after a midpoint; Redis'
 * hash at the end of the run is the truth replay must reproduce.
 */
@Tag("integration")
class ReplayCommandIntegrationTest {
    private static final String ID = "pod-a";
    private static final String A = "356307042441013";
    private static final String B = "356307042441021";
    private static final String C = "356307042441039";
    private static final String D = "356307042441047";
    private static final String OWNED_BY_B = "356307042441054";
    private static final String STRAY = "356307042441062";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static Path log;
    private static Instant midway;
    private static Map<String, String> hashAtMidway;
    private static Map<String, String> hashAtEnd;
    private static Instant whileReleased;
    private static Map<String, String> hashWhileReleased;

    @BeforeAll
    static void recordARun() throws Exception {
        log = dir.resolve("event-log");
        try (RedisServer redis = RedisServers.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try {
                record(redis, client.connect().sync());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    private static void record(RedisServer redis, RedisCommands<String, String> sync) throws Exception {
        sync.hset("connections:registry", OWNED_BY_B, "pod-b");
        sync.set("instance:heartbeat:pod-b", "1", SetArgs.Builder.ex(120));
        sync.hset("connections:registry", STRAY, ID);
        SidecarOptions options = new SidecarOptions(ID, SidecarHarness.HEARTBEAT, SidecarHarness.TTL, Duration.ofMinutes(1),
                SidecarOptions.DEFAULT_FRESHNESS, Duration.ofHours(1), SidecarHarness.PING, Duration.ofMillis(1));
        try (EventLogJournal journal = EventLogJournal.open(log)) {
            SidecarDaemon daemon = SidecarHarness.start(options, redis.uri(), dir.resolve("registry.sock"), journal);
            try (LocalClient ingestion = LocalClient.connect(dir.resolve("registry.sock"))) {
                ingestion.send(new Hello(1, 7, "boot-1"));
                ingestion.await(Welcome.class, WAIT);
                ingestion.send(new Snapshot("s1", List.of(new HeldDevice(A, 1), new HeldDevice(B, 2), new HeldDevice(OWNED_BY_B, 5)), true));
                awaitHash(sync, daemon, Map.of(A, ID, B, ID, OWNED_BY_B, "pod-b"));
                ingestion.send(new Register(C, 3, System.currentTimeMillis(), 1));
                ingestion.send(new Unregister(A, 1, System.currentTimeMillis(), 2, "closed"));
                hashAtMidway = awaitHash(sync, daemon, Map.of(B, ID, C, ID, OWNED_BY_B, "pod-b"));
                midway = Instant.now();
                // Every later line must carry a later millisecond than the midpoint.
                Poll.until(WAIT, "the clock passes the midpoint", () -> System.currentTimeMillis() > midway.toEpochMilli() + 1);
                ingestion.send(new Register(D, 4, System.currentTimeMillis(), 3));
                ingestion.send(new Unregister(B, 2, System.currentTimeMillis(), 4, "idle"));
                hashAtEnd = awaitHash(sync, daemon, Map.of(C, ID, D, ID, OWNED_BY_B, "pod-b"));
                // An operator drains, then changes their mind: release deletes our entries, flush writes them back.
                String sock = dir.resolve("registry.sock").toString();
                assertThat(CommandRun.execute("release", "--socket", sock, "--yes").exitCode()).isZero();
                hashWhileReleased = new TreeMap<>(sync.hgetall("connections:registry"));
                whileReleased = Instant.now();
                Poll.until(WAIT, "the clock passes the release", () -> System.currentTimeMillis() > whileReleased.toEpochMilli() + 1);
                assertThat(CommandRun.execute("flush", "--socket", sock).exitCode()).isZero();
                assertThat(awaitHash(sync, daemon, hashAtEnd)).isEqualTo(hashAtEnd);
                // Stopped while the session is attached: nothing is released, the hash stays as it is.
                daemon.close();
            }
        }
    }

    private static Map<String, String> awaitHash(RedisCommands<String, String> sync, SidecarDaemon daemon, Map<String, String> expected) {
        Poll.until(WAIT, "registry " + expected, () -> sync.hgetall("connections:registry").equals(expected)
                && daemon.core().writer().pending() == 0 && daemon.core().held().size() > 0);
        return new TreeMap<>(sync.hgetall("connections:registry"));
    }

    private static Map<String, String> registry(JsonNode replay) {
        Map<String, String> registry = new TreeMap<>();
        replay.path("registry").fields().forEachRemaining(e -> registry.put(e.getKey(), e.getValue().asText()));
        return registry;
    }

    private static Set<String> held(JsonNode replay) {
        Set<String> held = new TreeSet<>();
        replay.path("held").fieldNames().forEachRemaining(held::add);
        return held;
    }

    private static CommandRun replay(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandRun.execute(all);
    }

    @Test
    void replay_ofARecordedRun_reproducesRedisHashAndHeldSetAtTheEnd() {
        CommandRun run = replay(log.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(registry(r)).isEqualTo(hashAtEnd);
        assertThat(held(r)).containsExactlyInAnyOrder(C, D, OWNED_BY_B);
        assertThat(r.path("held").path(C).path("conn").asLong()).isEqualTo(3);
        assertThat(r.path("instance").asText()).isEqualTo(ID);
        assertThat(r.path("problems").size()).isZero();

        CommandRun text = replay(log.toString());
        assertThat(text.out()).contains("# registry implied at end of log: 3 entries")
                .contains(OWNED_BY_B + " pod-b").contains("received register imei=" + C + " conn=3 seq=1");
    }

    @Test
    void replay_until_givesTheStateAtThatTime_asIsoInstantOrEpochMillis() {
        JsonNode iso = replay(log.toString(), "--until", midway.toString(), "--json").json();
        JsonNode millis = replay(log.toString(), "--until", Long.toString(midway.toEpochMilli()), "--json").json();

        assertThat(registry(iso)).isEqualTo(hashAtMidway);
        assertThat(held(iso)).containsExactlyInAnyOrder(B, C, OWNED_BY_B);
        assertThat(registry(millis)).isEqualTo(registry(iso));
        assertThat(iso.path("entriesApplied").asLong()).isLessThan(iso.path("entriesRead").asLong());
    }

    @Test
    void replay_untilAnOperatorsRelease_showsTheEntriesGoneButTheDevicesStillHeld() {
        JsonNode r = replay(log.toString(), "--until", whileReleased.toString(), "--json").json();

        assertThat(hashWhileReleased).isEqualTo(Map.of(OWNED_BY_B, "pod-b"));
        assertThat(registry(r)).isEqualTo(hashWhileReleased);
        assertThat(held(r)).containsExactlyInAnyOrder(C, D, OWNED_BY_B);
    }

    @Test
    void replay_imei_restrictsTimelineAndState() {
        JsonNode r = replay(log.toString(), "--imei", C, "--json").json();

        assertThat(registry(r)).isEqualTo(Map.of(C, ID));
        assertThat(held(r)).containsExactly(C);
        assertThat(r.path("timeline").size()).isPositive();
        // Lines naming the device, and steps of the sidecar's life while it was held (they may change its entry).
        r.path("timeline").forEach(entry -> assertThat(entry.toString().contains(C)
                || entry.path("kind").asText().equals("lifecycle")).as(entry.toString()).isTrue());
        assertThat(r.path("timeline").toString()).doesNotContain(D);
        assertThat(r.path("timeline").toString()).contains("\"type\":\"register\"");
    }

    @Test
    void replay_whenLastLineTorn_reportsItOnStderrAndReplaysTheRest() throws Exception {
        Path torn = Files.createDirectories(dir.resolve("torn"));
        Files.copy(log.resolve("events.log"), torn.resolve("events.log"));
        Files.writeString(torn.resolve("events.log"), "{\"ts\":1764000000000,\"kind\":\"recei", java.nio.file.StandardOpenOption.APPEND);

        CommandRun run = replay(torn.toString(), "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("events.log:").contains("last line cut short");
        assertThat(run.json().path("problems").size()).isEqualTo(1);
        assertThat(registry(run.json())).isEqualTo(hashAtEnd);
    }

    @Test
    void replay_whenALaterVersionsWordsAreInTheLog_thenShowsThemAsUnknownAndReplaysTheRest() throws Exception {
        Path later = Files.createDirectories(dir.resolve("later-version"));
        Files.copy(log.resolve("events.log"), later.resolve("events.log"));
        long ts = System.currentTimeMillis() + 1000;
        // Shaped like lines that change the state, but with words this version does not know.
        List<String> newer = List.of(
                "{\"ts\":" + ts + ",\"kind\":\"lifecycle\",\"type\":\"everything_released\"}",
                "{\"ts\":" + (ts + 1) + ",\"kind\":\"redis\",\"type\":\"register\",\"imei\":\"" + C
                        + "\",\"outcome\":\"conflict_elsewhere\",\"detail\":\"pod-z\"}",
                "{\"ts\":" + (ts + 2) + ",\"kind\":\"journal_of_commands\",\"type\":\"start\",\"instance\":\"pod-z\"}");
        Files.write(later.resolve("events.log"), newer, java.nio.file.StandardOpenOption.APPEND);

        CommandRun json = replay(later.toString(), "--json");
        CommandRun text = replay(later.toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().path("problems").size()).isZero();
        assertThat(registry(json.json())).isEqualTo(hashAtEnd);
        assertThat(held(json.json())).containsExactlyInAnyOrder(C, D, OWNED_BY_B);
        assertThat(json.json().path("instance").asText()).isEqualTo(ID);
        List<String> timeline = new java.util.ArrayList<>();
        json.json().path("timeline").forEach(entry -> timeline.add(entry.toString()));
        assertThat(timeline).endsWith(newer.toArray(String[]::new));
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("lifecycle everything_released (unknown to this version: not replayed)")
                .contains("redis register imei=" + C + " outcome=conflict_elsewhere detail=pod-z (unknown to this version: not replayed)")
                .contains("journal_of_commands start instance=pod-z (unknown to this version: not replayed)");
    }

    @Test
    void replay_ofARotatedGzipFileAndTheCurrentFile_readsThemInWritingOrder() throws Exception {
        List<String> lines = Files.readAllLines(log.resolve("events.log"));
        Path rotated = Files.createDirectories(dir.resolve("rotated"));
        Path gz = rotated.resolve("events-20261127T000000.000Z-1.log.gz");
        int half = lines.size() / 2;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((String.join("\n", lines.subList(0, half)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(rotated.resolve("events.log"), lines.subList(half, lines.size()));

        JsonNode fromDir = replay(rotated.toString(), "--json").json();
        // Named the other way round on the command line: the names, not the argument order, decide.
        JsonNode fromFiles = replay(rotated.resolve("events.log").toString(), gz.toString(), "--json").json();

        assertThat(registry(fromDir)).isEqualTo(hashAtEnd);
        assertThat(registry(fromFiles)).isEqualTo(hashAtEnd);
        assertThat(fromFiles.path("files").get(0).asText()).endsWith(".log.gz");
        assertThat(fromDir.path("entriesRead").asLong()).isEqualTo(lines.size());
    }

    @Test
    void replay_apply_writesTheSameHashIntoAScratchRedis_andRefusesANonEmptyOneWithoutForce() throws Exception {
        try (RedisServer scratch = RedisServers.start()) {
            RedisClient client = RedisClient.create(scratch.uri());
            try {
                RedisCommands<String, String> sync = client.connect().sync();

                CommandRun applied = replay(log.toString(), "--apply", scratch.uri(), "--json");
                assertThat(applied.exitCode()).as(applied.err()).isZero();
                assertThat(new TreeMap<>(sync.hgetall("connections:registry"))).isEqualTo(hashAtEnd);
                assertThat(applied.json().path("applied").path("writes").asLong()).isPositive();

                CommandRun refused = replay(log.toString(), "--apply", scratch.uri());
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.out()).isEmpty();
                assertThat(refused.err().strip()).doesNotContain("\n").contains("already has 3 entries").contains("--force");

                CommandRun forced = replay(log.toString(), "--apply", scratch.uri(), "--force");
                assertThat(forced.exitCode()).as(forced.err()).isZero();
                assertThat(new TreeMap<>(sync.hgetall("connections:registry"))).isEqualTo(hashAtEnd);
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void replay_whenPathMissingOrTimeMalformed_thenUsageErrorExit2() {
        CommandRun missing = replay(dir.resolve("nothing-here").toString());
        CommandRun badTime = replay(log.toString(), "--until", "yesterday");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or directory");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err().strip()).doesNotContain("\n").contains("'yesterday' is not a time");
    }
}
