package com.fleetlink.registry.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.RecordingJournal;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
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
    private static final Duration SWEEP = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REGISTRY = ConnectionRegistry.REGISTRY_KEY;

    @TempDir
    Path dir;

    private RedisServerProcess redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;
    private final List<SidecarDaemon> daemons = new ArrayList<>();
    private final List<LocalClient> ingestions = new ArrayList<>();
    private final ScheduledExecutorService legacyBeats = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
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
        Path socket = dir.resolve(id + "/registry.sock");
        SidecarDaemon daemon = SidecarHarness.start(SidecarHarness.options(id), janitor,
                SidecarHarness.redisSettings(redis.uri(), false), LocalSocketSettings.defaults(socket), journal);
        daemons.add(daemon);
        ingestions.add(LocalClient.attachEmpty(socket, id + "-boot", WAIT));
        Poll.until(WAIT, id + "'s heartbeat", () -> sync.exists(ConnectionRegistry.heartbeatKey(id)) == 1);
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
        legacyBeats.scheduleAtFixedRate(() -> sync(s -> s.set(ConnectionRegistry.heartbeatKey(instance),
                Long.toString(System.currentTimeMillis()), SetArgs.Builder.ex(2))), 0, 300, TimeUnit.MILLISECONDS);
    }

    private synchronized void sync(java.util.function.Consumer<RedisCommands<String, String>> action) {
        action.accept(sync);
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
        assertThat(sweeper.janitor().lastSweep().deleted() + metric(sweeper, "teltonika_janitor_sweeps_total")).isPositive();
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
                // A device that reconnected elsewhere: the live instance's handshake overwrites the field.
                if ("pod-dead".equals(sync.hget(REGISTRY, imei))) {
                    sync.hset(REGISTRY, imei, "pod-live");
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
}
