package com.fleetlink.registry.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.testkit.CommandRun;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.RecordingJournal;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisClusterProcess;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The janitor (design §8) against a real {@code redis-server}: real sidecar daemons with their
 * janitors, peers that are dead, alive, or the original TypeScript registry's plain {@code HSET} and
 * {@code SET … EX}. Sidecars heartbeat every 300 ms with a 2 s TTL; a death is confirmed after
 * 600 ms of absence; janitors sweep every 200 ms.
 */
@Tag("integration")
class JanitorIntegrationTest {
    private static final String MOVE_IF_STILL_DEAD = "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end return 0";
    private static final Duration SWEEP = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REGISTRY = ConnectionRegistry.REGISTRY_KEY;

    @TempDir
    Path dir;

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;
    private final List<SidecarDaemon> daemons = new ArrayList<>();
    private final List<LocalClient> ingestions = new ArrayList<>();
    private final ScheduledExecutorService legacyBeats = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startRedis() {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
    }

    @AfterEach
    void stop() throws Exception {
        legacyBeats.shutdownNow();
        for (LocalClient c : ingestions) {
            c.close();
        }
        daemons.forEach(SidecarDaemon::close);
        client.shutdown();
        redis.close();
    }

    private static JanitorOptions janitor(int maxDeletes, Duration breakerHold, boolean dryRun, boolean lease) {
        return new JanitorOptions(SWEEP, maxDeletes, breakerHold, dryRun, lease);
    }

    private static JanitorOptions janitor() {
        return janitor(0, JanitorOptions.DEFAULT_BREAKER_HOLD, false, true);
    }

    /** A sidecar with an attached ingestion (so it heartbeats), its janitor as given. */
    private SidecarDaemon pod(String id, JanitorOptions janitor, RecordingJournal journal) throws Exception {
        SidecarDaemon daemon = pod(id, janitor, journal, SidecarHarness.redisSettings(redis.uri(), false));
        Poll.until(WAIT, id + "'s heartbeat", () -> sync.exists(ConnectionRegistry.heartbeatKey(id)) == 1);
        return daemon;
    }

    private SidecarDaemon pod(String id, JanitorOptions janitor, RecordingJournal journal, RedisSettings settings)
            throws Exception {
        Path socket = dir.resolve(id + "/registry.sock");
        SidecarDaemon daemon = SidecarHarness.start(SidecarHarness.options(id), janitor, settings,
                LocalSocketSettings.defaults(socket), journal);
        daemons.add(daemon);
        ingestions.add(LocalClient.attachEmpty(socket, id + "-boot", WAIT));
        return daemon;
    }

    private static double metric(SidecarDaemon daemon, String series) {
        return AdminEndpoint.onPort(daemon.metricsPort()).value(series);
    }

    /** Fields naming {@code instance}, written as the original registry does: plain {@code HSET}. */
    private List<String> fieldsOf(String instance, int count, int firstSerial) {
        Map<String, String> fields = new HashMap<>();
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String imei = Long.toString(356307040000000L + firstSerial + i);
            fields.put(imei, instance);
            imeis.add(imei);
        }
        sync.hset(REGISTRY, fields);
        return imeis;
    }

    /** A peer heartbeating like the original registry ({@code SET … EX}), every 300 ms with a 2 s expiry. */
    private void legacyHeartbeat(String instance) {
        legacyBeats.scheduleAtFixedRate(() -> write(s -> s.set(ConnectionRegistry.heartbeatKey(instance),
                Long.toString(System.currentTimeMillis()), SetArgs.Builder.ex(2))), 0, 300, TimeUnit.MILLISECONDS);
    }

    private synchronized void write(java.util.function.Consumer<RedisCommands<String, String>> action) {
        action.accept(sync);
    }

    private synchronized <T> T read(java.util.function.Function<RedisCommands<String, String>, T> read) {
        return read.apply(sync);
    }

    private long namingCount(String instance) {
        synchronized (this) {
            return sync.hvals(REGISTRY).stream().filter(instance::equals).count();
        }
    }

    @Test
    void killedInstance_itsFieldsAreGoneWithinTtlPlusConfirmPlusTwoSweeps_andNothingElse() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        SidecarDaemon sweeper = pod("pod-a", janitor(), journal);
        pod("pod-b", JanitorOptions.OFF, new RecordingJournal());
        LocalClient bIngestion = ingestions.get(1);
        List<String> bDevices = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String imei = Long.toString(356307041000000L + i);
            bIngestion.send(new Register(imei, i + 1, System.currentTimeMillis(), i + 1));
            bDevices.add(imei);
        }
        Poll.until(WAIT, "pod-b's devices registered", () -> namingCount("pod-b") == 50);
        List<String> livePeer = fieldsOf("legacy-live", 20, 5000);
        legacyHeartbeat("legacy-live");

        // Both processes of pod-b die at once: nothing is released, its heartbeat runs out.
        daemons.get(1).close();
        bIngestion.close();
        long killed = System.nanoTime();
        Poll.until(WAIT, "pod-b's fields gone", () -> namingCount("pod-b") == 0);
        long tookMillis = (System.nanoTime() - killed) / 1_000_000;

        SidecarOptions o = SidecarHarness.options("pod-a");
        long bound = o.heartbeatTtl().plus(o.deathConfirm()).plus(SWEEP.multipliedBy(2)).toMillis();
        // Scheduling on a shared machine: one more second than the design's bound.
        assertThat(tookMillis).as("ms from the kill until pod-b's fields are gone").isLessThan(bound + 1000);
        assertThat(namingCount("legacy-live")).isEqualTo(livePeer.size());
        assertThat(journal.startingWith("janitor_delete")).hasSize(50)
                .allSatisfy(line -> assertThat(line).endsWith(" deleted pod-b"));
        assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isEqualTo(50.0);
        CommandRun status = CommandRun.execute("status", "--socket", dir.resolve("pod-a/registry.sock").toString());
        assertThat(status.out()).containsPattern("janitor +last sweep .*; since start: deleted 50; sweeper pod-a");
        CommandRun json = CommandRun.execute("status", "--json", "--socket", dir.resolve("pod-a/registry.sock").toString());
        assertThat(json.json().path("janitor").path("deletedSinceStart").asLong()).isEqualTo(50);
        assertThat(json.json().path("janitor").path("sweeper").asText()).isEqualTo("pod-a");
        assertThat(json.json().path("janitor").path("lastSweep").path("at").isTextual()).isTrue();
    }

    @Test
    void deviceTakenOverByALiveInstanceDuringTheSweep_isNotDeleted() throws Exception {
        RecordingJournal journal = new RecordingJournal();
        // 100 deletes a second: the sweep over 2,000 fields takes 20 s, time enough to move devices under it.
        SidecarDaemon sweeper = pod("pod-a", janitor(100, JanitorOptions.DEFAULT_BREAKER_HOLD, false, true), journal);
        legacyHeartbeat("pod-live");
        List<String> dead = fieldsOf("pod-dead", 2000, 0);
        Poll.until(WAIT, "the sweep deleting", () -> metric(sweeper, "teltonika_janitor_deleted_total") > 0);

        List<String> moved = new ArrayList<>();
        synchronized (this) {
            for (String imei : dead) {
                // A device that reconnected elsewhere: the live instance's handshake overwrites the field. Only
                // where it still names the dead one, in one step: a field the sweep deleted between a read and
                // a write would be counted both moved and deleted.
                Long took = sync.eval(MOVE_IF_STILL_DEAD, ScriptOutputType.INTEGER, new String[] {REGISTRY},
                        imei, "pod-dead", "pod-live");
                if (took == 1) {
                    moved.add(imei);
                }
            }
        }
        assertThat(moved).as("devices moved while the sweep ran").hasSizeGreaterThan(1000);
        Poll.until(WAIT, "a sweep after the move", () -> sweeper.janitor().lastSweep() != null
                && sweeper.janitor().lastSweep().deadCount() == 0 && namingCount("pod-dead") == 0);

        synchronized (this) {
            for (String imei : moved) {
                assertThat(sync.hget(REGISTRY, imei)).as(imei).isEqualTo("pod-live");
            }
        }
        assertThat(journal.startingWith("janitor_delete")).hasSize(2000 - moved.size());
    }

    @Test
    void deadInstanceWhoseHeartbeatComesBackDuringTheSweep_keepsTheFieldsNotYetDeleted() throws Exception {
        // 100 deletes a second over 2,000 fields: 20 s of sweep to come back in.
        SidecarDaemon sweeper = pod("pod-a", janitor(100, JanitorOptions.DEFAULT_BREAKER_HOLD, false, true), new RecordingJournal());
        fieldsOf("pod-back", 2000, 0);
        Poll.until(WAIT, "the sweep deleting", () -> metric(sweeper, "teltonika_janitor_deleted_total") > 0);

        legacyHeartbeat("pod-back");
        Poll.until(WAIT, "its heartbeat back", () -> read(s -> s.exists(ConnectionRegistry.heartbeatKey("pod-back"))) == 1);
        long left = namingCount("pod-back");
        double sweeps = metric(sweeper, "teltonika_janitor_sweeps_total");
        Poll.until(WAIT, "two more sweeps", () -> metric(sweeper, "teltonika_janitor_sweeps_total") >= sweeps + 2);

        assertThat(left).as("fields left when the heartbeat came back").isGreaterThan(1000);
        // At most the one batch in flight when it came back may still go.
        assertThat(namingCount("pod-back")).isGreaterThanOrEqualTo(left - 10);
        assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isEqualTo(2000.0 - namingCount("pod-back"));
    }

    @Test
    void redisPausedPastEveryHeartbeatsTtl_deletesNothing() throws Exception {
        SidecarDaemon sweeper = pod("pod-a", janitor(), new RecordingJournal());
        pod("pod-b", JanitorOptions.OFF, new RecordingJournal());
        pod("pod-c", JanitorOptions.OFF, new RecordingJournal());
        for (int p = 1; p <= 2; p++) {
            for (int i = 0; i < 10; i++) {
                ingestions.get(p).send(new Register(Long.toString(356307042000000L + p * 100 + i), i + 1,
                        System.currentTimeMillis(), i + 1));
            }
        }
        Poll.until(WAIT, "devices registered", () -> namingCount("pod-b") == 10 && namingCount("pod-c") == 10);
        Map<String, String> before = sync.hgetall(REGISTRY);
        double sweepsBefore = metric(sweeper, "teltonika_janitor_sweeps_total");

        // Every heartbeat key expires at once when Redis resumes: TTL 2 s, confirm 0.6 s.
        redis.pause();
        // The fault's length, not a wait for anything: longer than TTL + confirm + a sweep.
        Thread.sleep(3500);
        redis.resume();

        Poll.until(WAIT, "janitor sweeping again", () -> metric(sweeper, "teltonika_janitor_sweeps_total") > sweepsBefore + 10);
        assertThat(sync.hgetall(REGISTRY)).isEqualTo(before);
        assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isZero();
    }

    @Test
    void legacyInstance_keptWhileItHeartbeats_cleanedOnceItsHeartbeatIsGoneForConfirm() throws Exception {
        SidecarDaemon sweeper = pod("pod-a", janitor(), new RecordingJournal());
        List<String> legacy = fieldsOf("ts-registry-1", 30, 0);
        legacyHeartbeat("ts-registry-1");
        // Ten sweeps and more than the confirm period: a heartbeating peer is never touched.
        double sweeps = metric(sweeper, "teltonika_janitor_sweeps_total");
        Poll.until(WAIT, "ten sweeps", () -> metric(sweeper, "teltonika_janitor_sweeps_total") >= sweeps + 10);
        assertThat(namingCount("ts-registry-1")).isEqualTo(legacy.size());

        legacyBeats.shutdownNow();
        Poll.until(WAIT, "the legacy peer's fields gone", () -> namingCount("ts-registry-1") == 0);
        assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isEqualTo(legacy.size());
    }

    @Test
    void heartbeatAbsentForLessThanConfirm_againAndAgain_isNeverADeath() throws Exception {
        SidecarOptions twoSecondConfirm = new SidecarOptions("pod-a", SidecarHarness.HEARTBEAT, SidecarHarness.TTL,
                SidecarHarness.GRACE, SidecarOptions.DEFAULT_FRESHNESS, SidecarHarness.RECONCILE, SidecarHarness.PING,
                Duration.ofMillis(1), Duration.ofSeconds(2));
        Path socket = dir.resolve("pod-a/registry.sock");
        SidecarDaemon sweeper = SidecarHarness.start(twoSecondConfirm, janitor(), SidecarHarness.redisSettings(redis.uri(), false),
                LocalSocketSettings.defaults(socket), new RecordingJournal());
        daemons.add(sweeper);
        ingestions.add(LocalClient.attachEmpty(socket, "boot", WAIT));
        List<String> flickering = fieldsOf("pod-flicker", 25, 0);
        // Its key lives 1 s and is written every 1.3 s: absent for 0.3 s of every 1.3, never for 2 s.
        legacyBeats.scheduleAtFixedRate(() -> write(s -> s.set(ConnectionRegistry.heartbeatKey("pod-flicker"), "1",
                SetArgs.Builder.px(1000))), 0, 1300, TimeUnit.MILLISECONDS);

        double sweeps = metric(sweeper, "teltonika_janitor_sweeps_total");
        Poll.until(WAIT, "30 sweeps (6 s, three confirm periods)",
                () -> metric(sweeper, "teltonika_janitor_sweeps_total") >= sweeps + 30);
        assertThat(namingCount("pod-flicker")).isEqualTo(flickering.size());
    }

    @Test
    void threeJanitorsAtOnceWithoutTheLease_reachTheSameEndState_withNoExtraDeletes() throws Exception {
        // 1,000 deletes a second each: three seconds of deleting, so the three sweeps overlap however fast the machine.
        JanitorOptions noLease = janitor(1000, JanitorOptions.DEFAULT_BREAKER_HOLD, false, false);
        List<RecordingJournal> journals = List.of(new RecordingJournal(), new RecordingJournal(), new RecordingJournal());
        List<SidecarDaemon> sweepers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sweepers.add(pod("pod-" + i, noLease, journals.get(i)));
        }
        legacyHeartbeat("pod-live");
        List<String> live = fieldsOf("pod-live", 500, 10_000);
        List<String> dead = fieldsOf("pod-dead", 3000, 0);

        Poll.until(WAIT, "pod-dead's fields gone", () -> namingCount("pod-dead") == 0);
        // Each janitor's last sweep then names only pod-live and itself: nobody is left to delete.
        Poll.until(WAIT, "every janitor swept since", () -> sweepers.stream().allMatch(d -> d.janitor().lastSweep() != null
                && d.janitor().lastSweep().instances() == 2));

        assertThat(namingCount("pod-live")).isEqualTo(live.size());
        double deleted = 0;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deleted += sweepers.get(i).janitor().deletedSinceStart();
            lines.addAll(journals.get(i).startingWith("janitor_delete"));
        }
        assertThat(deleted).as("each field deleted exactly once across the three").isEqualTo(dead.size());
        assertThat(lines).hasSize(dead.size()).doesNotHaveDuplicates();
        assertThat(sweepers.stream().filter(d -> d.janitor().deletedSinceStart() > 0))
                .as("janitors that deleted something").hasSizeGreaterThan(1);
    }

    @Test
    void withTheLease_oneJanitorSweeps_andEveryStatusNamesIt() throws Exception {
        List<SidecarDaemon> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod("pod-" + i, janitor(), new RecordingJournal()));
        }
        Poll.until(WAIT, "each janitor asked for the lease", () -> pods.stream().allMatch(d -> d.janitor().sweeper() != null));
        String holder = pods.get(0).janitor().sweeper();
        double[] before = pods.stream().mapToDouble(d -> metric(d, "teltonika_janitor_sweeps_total")).toArray();
        Poll.until(WAIT, "the holder swept five times more", () -> pods.stream()
                .filter(d -> d.core().options().instanceId().equals(holder))
                .allMatch(d -> metric(d, "teltonika_janitor_sweeps_total") >= before[pods.indexOf(d)] + 5));

        for (int i = 0; i < 3; i++) {
            SidecarDaemon d = pods.get(i);
            assertThat(d.janitor().sweeper()).isEqualTo(holder);
            if (!d.core().options().instanceId().equals(holder)) {
                assertThat(metric(d, "teltonika_janitor_sweeps_total")).as("sweeps of a pod without the lease").isEqualTo(before[i]);
            }
        }
    }

    @Test
    void majorityDead_breakerDeletesNothing_untilTheSameOnesStayedDeadForTheHold() throws Exception {
        Duration hold = Duration.ofSeconds(4);
        RecordingJournal journal = new RecordingJournal();
        SidecarDaemon sweeper = pod("pod-a", janitor(0, hold, false, true), journal);
        List<String> gone = new ArrayList<>(fieldsOf("pod-gone-1", 100, 0));
        gone.addAll(fieldsOf("pod-gone-2", 100, 1000));
        long started = System.nanoTime();

        // Two of three named instances look dead: more than half, and at least two.
        Poll.until(WAIT, "a suspended sweep after both deaths are confirmed", () -> {
            SweepReport last = sweeper.janitor().lastSweep();
            return last != null && last.suspended() && last.deadCount() == 2;
        });
        assertThat(namingCount("pod-gone-1") + namingCount("pod-gone-2")).isEqualTo(200);
        assertThat(metric(sweeper, "teltonika_janitor_suspended_total")).isPositive();
        assertThat(journal.has("janitor_suspended 2 of 3 instances look dead")).isTrue();

        Poll.until(WAIT, "the hold passed and they are cleaned", () -> namingCount("pod-gone-1") + namingCount("pod-gone-2") == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(hold);
        assertThat(journal.has("janitor_breaker_released")).isTrue();
        // The fields are gone once Redis answered the last delete; its journal lines follow on the loop.
        Poll.until(WAIT, "every deletion journaled", () -> journal.startingWith("janitor_delete").size() >= 200);
        assertThat(journal.startingWith("janitor_delete")).hasSize(200);
    }

    @Test
    void dryRun_countsWhatItWouldDelete_andDeletesNothing() throws Exception {
        SidecarDaemon sweeper = pod("pod-a", janitor(0, JanitorOptions.DEFAULT_BREAKER_HOLD, true, true), new RecordingJournal());
        fieldsOf("pod-dead", 120, 0);

        Poll.until(WAIT, "a dry-run sweep that found the dead", () -> sweeper.janitor().lastSweep() != null
                && sweeper.janitor().lastSweep().wouldDelete() == 120);
        assertThat(namingCount("pod-dead")).isEqualTo(120);
        assertThat(metric(sweeper, "teltonika_janitor_dry_run_fields")).isEqualTo(120.0);
        assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isZero();
    }

    @Test
    void instanceWhoseIdALiveSidecarClaims_isNeverSwept() throws Exception {
        SidecarDaemon sweeper = pod("pod-a", janitor(), new RecordingJournal());
        fieldsOf("pod-claimed", 40, 0);
        fieldsOf("pod-dead", 40, 1000);
        // Enough live peers that the breaker stays closed even if the claimed one counted as dead.
        fieldsOf("pod-live-1", 5, 2000);
        fieldsOf("pod-live-2", 5, 3000);
        legacyHeartbeat("pod-live-1");
        legacyHeartbeat("pod-live-2");
        // A sidecar that claims its id but whose heartbeat is missing (deleted at grace expiry, say).
        legacyBeats.scheduleAtFixedRate(() -> write(s -> s.set(ConnectionRegistry.claimKey("pod-claimed"), "token",
                SetArgs.Builder.ex(2))), 0, 300, TimeUnit.MILLISECONDS);

        Poll.until(WAIT, "pod-dead's fields gone", () -> namingCount("pod-dead") == 0);
        double sweeps = metric(sweeper, "teltonika_janitor_sweeps_total");
        Poll.until(WAIT, "five more sweeps", () -> metric(sweeper, "teltonika_janitor_sweeps_total") >= sweeps + 5);
        assertThat(namingCount("pod-claimed")).isEqualTo(40);
    }

    @Test
    void redisCluster_deadInstancesFieldsGo_liveOnesStay() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            RedisClusterClient clusterClient = RedisClusterClient.create(cluster.uri());
            try (var connection = clusterClient.connect()) {
                var commands = connection.sync();
                SidecarDaemon sweeper = pod("pod-a", janitor(), new RecordingJournal(),
                        SidecarHarness.redisSettings(cluster.uri(), true));
                Poll.until(WAIT, "heartbeat in the cluster", () -> commands.exists(ConnectionRegistry.heartbeatKey("pod-a")) == 1);
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i < 200; i++) {
                    fields.put(Long.toString(356307040000000L + i), i % 2 == 0 ? "pod-dead" : "pod-live");
                }
                commands.hset(REGISTRY, fields);
                commands.set(ConnectionRegistry.heartbeatKey("pod-live"), "1", SetArgs.Builder.ex(60));

                Poll.until(WAIT, "pod-dead's fields gone", () -> !commands.hvals(REGISTRY).contains("pod-dead"));
                assertThat(commands.hvals(REGISTRY)).hasSize(100).containsOnly("pod-live");
                // The count follows the script's answer on the core loop, a moment after the fields went.
                Poll.until(WAIT, "100 deletions counted", () -> metric(sweeper, "teltonika_janitor_deleted_total") >= 100.0);
                assertThat(metric(sweeper, "teltonika_janitor_deleted_total")).isEqualTo(100.0);
            } finally {
                clusterClient.shutdown();
            }
        }
    }
}
