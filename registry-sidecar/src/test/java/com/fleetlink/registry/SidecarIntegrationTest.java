package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.socket.SocketInUseException;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar as it runs in production — real daemon, real Unix socket, real {@code redis-server} —
 * driven by a test that speaks the local protocol in the ingestion's place.
 */
@Tag("integration")
class SidecarIntegrationTest {
    private static final String ID = "pod-a";
    private static final String IMEI = "356307042441013";
    private static final String IMEI2 = "356307042441021";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;
    private SidecarDaemon daemon;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        sync = c.sync();
        socket = dir.resolve("run/registry.sock");
        daemon = SidecarHarness.start(SidecarHarness.options(ID), redis.uri(), socket);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        client.shutdown();
        redis.close();
    }

    private LocalClient attach() throws Exception {
        return attach(LocalClient.connect(socket));
    }

    private LocalClient attach(LocalClient ingestion) throws Exception {
        ingestion.send(new Hello(1, 42, "boot-1"));
        assertThat(ingestion.await(Welcome.class, WAIT).instance()).isEqualTo(ID);
        ingestion.send(new Snapshot("s1", List.of(), true));
        return ingestion;
    }

    private String owner(String imei) {
        return sync.hget("connections:registry", imei);
    }

    private void awaitOwner(String imei, String expected) {
        Poll.until(WAIT, imei + " -> " + expected, () -> Objects.equals(owner(imei), expected));
    }

    @Test
    void register_whenHandshakeReported_thenRegistryNamesThisInstance() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
        }
    }

    @Test
    void unregister_whenSocketClosed_thenFieldDeleted() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            ingestion.send(new Unregister(IMEI, 1, System.currentTimeMillis(), 2, "closed"));
            awaitOwner(IMEI, null);
        }
    }

    @Test
    void unregister_whenOldConnArrivesAfterNewSocketRegistered_thenEntryStays() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            ingestion.send(new Register(IMEI, 2, System.currentTimeMillis(), 2));
            ingestion.send(new Unregister(IMEI, 1, System.currentTimeMillis(), 3, "closed"));
            // A marker event after the stale unregister: once it is in Redis, the unregister was processed.
            ingestion.send(new Register(IMEI2, 3, System.currentTimeMillis(), 4));
            awaitOwner(IMEI2, ID);
            assertThat(owner(IMEI)).isEqualTo(ID);
        }
    }

    @Test
    void heartbeat_isWrittenWithTtlAndRefreshedEveryInterval() throws Exception {
        String key = "instance:heartbeat:" + ID;
        Poll.until(WAIT, "heartbeat key", () -> sync.exists(key) == 1);
        long ttl = sync.pttl(key);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(SidecarHarness.TTL.toMillis());
        String first = sync.get(key);
        Poll.until(WAIT, "heartbeat rewritten", () -> !Objects.equals(sync.get(key), first));
        assertThat(Long.parseLong(sync.get(key))).isGreaterThan(Long.parseLong(first));
    }

    @Test
    void shutdown_releasesEveryEntryThenAnswersReleased() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            ingestion.send(new Register(IMEI2, 2, System.currentTimeMillis(), 2));
            awaitOwner(IMEI2, ID);
            awaitOwner(IMEI, ID);
            ingestion.send(new Shutdown(System.currentTimeMillis(), 3));
            assertThat(ingestion.await(Released.class, WAIT).count()).isEqualTo(2);
            assertThat(sync.hlen("connections:registry")).isZero();
        }
    }

    @Test
    void disconnect_withoutShutdown_thenEntriesAndHeartbeatGoAfterGrace() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
        }
        // Still there right after the disconnect: the grace period keeps it.
        assertThat(owner(IMEI)).isEqualTo(ID);
        awaitOwner(IMEI, null);
        Poll.until(WAIT, "heartbeat deleted", () -> sync.exists("instance:heartbeat:" + ID) == 0);
    }

    @Test
    void seqGap_thenSidecarAsksForResync() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            ingestion.send(new Register(IMEI2, 2, System.currentTimeMillis(), 5));
            ingestion.await(Resync.class, WAIT);
        }
    }

    @Test
    void snapshot_replacesTheHeldSet() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            ingestion.send(new Snapshot("s2", List.of(new HeldDevice(IMEI2, 7)), true));
            awaitOwner(IMEI2, ID);
            awaitOwner(IMEI, null);
        }
    }

    /**
     * Waits for the reconcile a new sidecar runs once its instance id is confirmed ours alone (one
     * heartbeat interval after start): after it, with no periodic reconcile, only the mechanism under
     * test can repair.
     */
    private void awaitStartupReconcileDone() {
        Poll.until(WAIT, "the instance id confirmed ours alone", () -> daemon.core().claim().aloneConfirmed());
        Poll.until(WAIT, "nothing pending", () -> daemon.core().writer().pending() == 0);
    }

    /** Restarts the daemon with a reconcile period far beyond any test, so only the mechanism under test can repair. */
    private void restartWithoutPeriodicReconcile() throws Exception {
        daemon.close();
        SidecarOptions slowReconcile = new SidecarOptions(ID, SidecarHarness.HEARTBEAT, SidecarHarness.TTL,
                SidecarHarness.GRACE, SidecarOptions.DEFAULT_FRESHNESS, Duration.ofMinutes(10), SidecarHarness.PING,
                Duration.ofMillis(1));
        daemon = SidecarHarness.start(slowReconcile, redis.uri(), socket);
    }

    @Test
    void redisRestartedEmpty_thenHeldEntriesAreRestoredWithoutWaitingForThePeriodicReconcile() throws Exception {
        restartWithoutPeriodicReconcile();
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            awaitStartupReconcileDone();
            redis.restartEmpty();
            awaitOwner(IMEI, ID);
            Poll.until(WAIT, "heartbeat restored", () -> sync.exists("instance:heartbeat:" + ID) == 1);
        }
    }

    @Test
    void janitorDeletesEntriesAndHeartbeat_thenTheLapseSeenByTheNextHeartbeatRestoresThem() throws Exception {
        restartWithoutPeriodicReconcile();
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            awaitStartupReconcileDone();
            Poll.until(WAIT, "heartbeat", () -> sync.exists("instance:heartbeat:" + ID) == 1);
            sync.del("instance:heartbeat:" + ID);
            sync.hdel("connections:registry", IMEI);
            awaitOwner(IMEI, ID);
        }
    }

    @Test
    void reconcile_removesEntriesOfAnEarlierLifeButNeverOtherInstances() throws Exception {
        sync.hset("connections:registry", IMEI, ID);
        sync.hset("connections:registry", IMEI2, "pod-b");
        try (LocalClient ingestion = attach()) {
            awaitOwner(IMEI, null);
            assertThat(owner(IMEI2)).isEqualTo("pod-b");
        }
    }

    @Test
    void repair_replacesDeadOwnerButNotLiveOne() throws Exception {
        String live = "356307042441039";
        sync.hset("connections:registry", IMEI, "dead-pod");
        sync.hset("connections:registry", live, "live-pod");
        sync.set("instance:heartbeat:live-pod", "1", io.lettuce.core.SetArgs.Builder.ex(60));
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Snapshot("s2", List.of(new HeldDevice(IMEI, 1), new HeldDevice(live, 2)), true));
            awaitOwner(IMEI, ID);
            Poll.until(WAIT, "conflict counted", () -> daemon.core().writer().conflicts() > 0);
            assertThat(owner(live)).isEqualTo("live-pod");
        }
    }

    @Test
    void redisPaused_thenConvergesAfterResume() throws Exception {
        try (LocalClient ingestion = attach()) {
            redis.pause();
            try {
                ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
                // Pings keep flowing while Redis is stopped: the session does not depend on Redis.
                ingestion.await(Ping.class, WAIT);
                ingestion.await(Ping.class, WAIT);
            } finally {
                redis.resume();
            }
            awaitOwner(IMEI, ID);
        }
    }

    @Test
    void lateRegistration_executedAfterPauseLongerThanFreshness_doesNotOverwriteNewerOwner() throws Exception {
        try (LocalClient ingestion = attach()) {
            long decided = System.currentTimeMillis() - 6_000;
            sync.hset("connections:registry", IMEI, "newer-pod");
            sync.set("instance:heartbeat:newer-pod", "1", io.lettuce.core.SetArgs.Builder.ex(60));
            ingestion.send(new Register(IMEI, 1, decided, 1));
            Poll.until(WAIT, "conflict counted", () -> daemon.core().writer().conflicts() > 0);
            assertThat(owner(IMEI)).isEqualTo("newer-pod");
        }
    }

    @Test
    void wedgedIngestion_noPong_thenDroppedAndReleasedAfterGrace() throws Exception {
        try (LocalClient ingestion = attach(LocalClient.connectWedged(socket))) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            assertThat(ingestion.closedWithin(WAIT)).isTrue();
            awaitOwner(IMEI, null);
        }
    }

    @Test
    void malformedLines_areCountedAndTheSessionSurvives() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.write("not json\n{\"type\":\"register\"}\n{\"type\":\"future-type\"}\n".getBytes(StandardCharsets.UTF_8));
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
        }
    }

    @Test
    void socket_isGroupOnlyAndASecondDaemonOnThePathRefusesToStart() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        assertThatThrownBy(() -> SidecarHarness.start(SidecarHarness.options("pod-b"), redis.uri(), socket))
                .isInstanceOf(SocketInUseException.class);
    }

    @Test
    void staleSocketFile_isReplaced() throws Exception {
        daemon.close();
        daemon = null;
        Files.createDirectories(socket.getParent());
        Files.write(socket, new byte[0]);
        daemon = SidecarHarness.start(SidecarHarness.options(ID), redis.uri(), socket);
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
        }
    }

    @Test
    void redisDownAtStart_thenSidecarStartsAndConvergesWhenRedisArrives() throws Exception {
        daemon.close();
        redis.kill();
        daemon = SidecarHarness.start(SidecarHarness.options(ID), redis.uri(), socket);
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            redis.restartEmpty();
            awaitOwner(IMEI, ID);
        }
    }

    private java.util.Map<String, Object> control(String type) throws Exception {
        try (LocalClient operator = LocalClient.connect(socket)) {
            operator.write(("{\"type\":\"" + type + "\"}\n").getBytes(StandardCharsets.UTF_8));
            String reply = operator.nextLine(WAIT);
            assertThat(reply).as("reply to " + type).isNotNull();
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void status_reportsHeldCountAndRedisState() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            ingestion.send(new Register(IMEI2, 2, System.currentTimeMillis(), 2));
            awaitOwner(IMEI2, ID);
            java.util.Map<String, Object> status = control("status");
            assertThat(status).containsEntry("instance", ID).containsEntry("held", 2);
            assertThat((java.util.Map<String, Object>) status.get("redis")).containsEntry("connected", true);
            assertThat((java.util.Map<String, Object>) status.get("ingestion")).containsEntry("attached", true).containsEntry("lastSeq", 2);
        }
    }

    @Test
    void flush_repairsARegistryEmptiedBehindTheSidecarsBack() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            sync.del("connections:registry");
            java.util.Map<String, Object> reply = control("flush");
            assertThat(reply).containsEntry("ok", true);
            assertThat(owner(IMEI)).isEqualTo(ID);
        }
    }

    @Test
    void release_emptiesExactlyThisInstancesEntriesAndStopsRepairs() throws Exception {
        sync.hset("connections:registry", "356307042441047", "pod-b");
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            java.util.Map<String, Object> reply = control("release");
            assertThat(reply).containsEntry("released", 1);
            assertThat(owner(IMEI)).isNull();
            assertThat(owner("356307042441047")).isEqualTo("pod-b");
            assertThat(control("status")).containsEntry("released", true);
        }
    }

    @Test
    void registration_whenDecidedSecondsAgo_thenLagFromItsAtAndScriptLatencyByOperationObserved() throws Exception {
        try (LocalClient ingestion = attach()) {
            AdminEndpoint http = AdminEndpoint.onPort(daemon.metricsPort());
            // Pre-initialised: an alert on the first event sees a series go from 0, not appear.
            MetricsText before = http.scrape();
            assertThat(before.value("teltonika_registry_lines_received_total{type=\"unregister\"}")).isZero();
            assertThat(before.value("teltonika_registry_redis_script_seconds_count{operation=\"replace_dead\"}")).isZero();
            assertThat(before.value("teltonika_registry_event_log_dropped_total")).isZero();
            assertThat(before.value("teltonika_registry_event_log_write_errors_total")).isZero();

            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis() - 3_000, 1));
            awaitOwner(IMEI, ID);

            Poll.until(WAIT, "registration lag observed",
                    () -> http.value("teltonika_registry_registration_lag_seconds_count") == 1.0);
            assertThat(http.value("teltonika_registry_registration_lag_seconds_bucket{le=\"2.5\"}"))
                    .as("decided 3 s before it reached the sidecar").isZero();
            assertThat(http.value("teltonika_registry_registration_lag_seconds_bucket{le=\"10.0\"}")).isEqualTo(1.0);
            assertThat(http.value("teltonika_registry_redis_script_seconds_count{operation=\"register\"}")).isPositive();
        }
    }

    @Test
    void metricsAndProbes_areServed() throws Exception {
        try (LocalClient ingestion = attach()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            awaitOwner(IMEI, ID);
            ingestion.write("garbage\n".getBytes(StandardCharsets.UTF_8));
            AdminEndpoint http = AdminEndpoint.onPort(daemon.metricsPort());
            Poll.until(WAIT, "rejected line counted",
                    () -> http.value("teltonika_registry_rejected_lines_total{reason=\"not_json\"}") == 1.0);
            String metrics = http.scrape().toString();
            assertThat(metrics)
                    .contains("teltonika_registry_held_entries 1.0")
                    .contains("teltonika_registry_lines_received_total{type=\"register\"} 1.0")
                    .contains("teltonika_registry_redis_connected 1.0")
                    .contains("teltonika_registry_reconcile_runs_total")
                    .contains("teltonika_registry_heartbeat_age_seconds")
                    .contains("teltonika_registry_pending_work");
            assertThat(http.status("/livez")).isEqualTo(200);
            assertThat(http.status("/readyz")).isEqualTo(200);
        }
    }

    @Test
    void redisDown_failuresAreCountedAndProbesStayHealthy() throws Exception {
        try (LocalClient ingestion = attach()) {
            redis.kill();
            AdminEndpoint http = AdminEndpoint.onPort(daemon.metricsPort());
            Poll.until(WAIT, "redis reported down", () -> http.scrape().value("teltonika_registry_redis_connected") == 0.0);
            // Decided while the sidecar knows Redis is away: it is never sent, and must be counted all the same.
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            // A Redis outage makes the sidecar degraded, never unready or dead (design §7).
            assertThat(http.status("/readyz")).isEqualTo(200);
            assertThat(control("status")).containsEntry("healthy", false);
            Poll.until(WAIT, "the registration Redis could not take counted once", () -> AdminEndpoint.onPort(daemon.metricsPort()).value(
                    "teltonika_registry_failures_total{op=\"register\"}") == 1);
            redis.restartEmpty();
            awaitOwner(IMEI, ID);
            assertThat(AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_registry_failures_total{op=\"register\"}"))
                    .as("counted when decided, not again per retry").isEqualTo(1);
        }
    }

    @Test
    void snapshotLargerThanTheInFlightBound_isWrittenWithoutWaitingForReconcile_andReleasedAtOnce() throws Exception {
        restartWithoutPeriodicReconcile();
        int devices = 12_000;
        try (LocalClient ingestion = LocalClient.connect(socket)) {
            ingestion.send(new Hello(1, 42, "boot-big"));
            ingestion.await(Welcome.class, WAIT);
            for (int chunk = 0; chunk < devices / 1000; chunk++) {
                List<HeldDevice> part = new java.util.ArrayList<>();
                for (int k = 0; k < 1000; k++) {
                    int n = chunk * 1000 + k;
                    part.add(new HeldDevice(String.format("35000000%07d", n), n));
                }
                ingestion.send(new Snapshot("big", part, chunk == devices / 1000 - 1));
            }
            Poll.until(WAIT, "all " + devices + " in Redis", () -> sync.hlen("connections:registry") == devices);
            ingestion.send(new Shutdown(System.currentTimeMillis(), 1));
            assertThat(ingestion.await(Released.class, WAIT).count()).isEqualTo(devices);
            assertThat(sync.hlen("connections:registry")).isZero();
        }
    }
}
