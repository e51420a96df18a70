package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.ControlClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sidecars started with one instance id against one redis-server notice each other through the
 * claim key, report it, and never delete each other's entries by reconcile or release; a sidecar
 * restarted with its own id is never taken for a duplicate.
 */
@Tag("integration")
class DuplicateInstanceIntegrationTest {
    private static final String ID = "pod-x";
    private static final String IMEI_A = "356307042441013";
    private static final String IMEI_B = "356307042441021";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** "Within a few heartbeat intervals": ten of them. */
    private static final Duration DETECTION_BOUND = SidecarHarness.HEARTBEAT.multipliedBy(10);
    private static final String RECONCILE_RUNS = "teltonika_registry_reconcile_runs_total";

    @TempDir
    Path dir;

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
    }

    @AfterEach
    void tearDown() {
        client.shutdown();
        redis.close();
    }

    private SidecarDaemon sidecar(String socketName) throws Exception {
        SidecarOptions fast = SidecarHarness.options(ID);
        // A slow ping keeps the ingestions attached on a loaded machine: detaching is not what is tested here.
        SidecarOptions options = new SidecarOptions(ID, fast.heartbeatInterval(), fast.heartbeatTtl(), fast.grace(),
                fast.freshness(), fast.reconcileInterval(), Duration.ofSeconds(5), fast.scanPagePause());
        return SidecarHarness.start(options, redis.uri(), dir.resolve(socketName));
    }

    /** An ingestion that says hello, sends a complete (empty) snapshot and registers {@code imei}. */
    private LocalClient ingestionHolding(String socketName, String imei) throws Exception {
        LocalClient ingestion = LocalClient.attachEmpty(dir.resolve(socketName), "boot-" + socketName, WAIT);
        ingestion.send(new Register(imei, 1, System.currentTimeMillis(), 1));
        Poll.until(WAIT, imei + " registered", () -> ID.equals(sync.hget("connections:registry", imei)));
        return ingestion;
    }

    private Map<?, ?> duplicateStatus(String socketName) {
        try {
            Map<?, ?> status = new ObjectMapper().readValue(ControlClient.request(dir.resolve(socketName), "status", WAIT), Map.class);
            return (Map<?, ?>) status.get("duplicateInstance");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean detected(Map<?, ?> duplicate) {
        return Boolean.TRUE.equals(duplicate.get("detected"));
    }

    /** Waits until {@code daemon} has started {@code passes} more reconcile passes. */
    private static void awaitReconcilePasses(SidecarDaemon daemon, int passes) {
        double target = AdminEndpoint.onPort(daemon.metricsPort()).value(RECONCILE_RUNS) + passes;
        Poll.until(WAIT, passes + " reconcile passes", () -> AdminEndpoint.onPort(daemon.metricsPort()).value(RECONCILE_RUNS) >= target);
    }

    @Test
    void twoSidecarsWithOneId_bothDetectIt_andNeitherDeletesTheOthersEntries() throws Exception {
        SidecarDaemon a = sidecar("a.sock");
        long bStarted = System.currentTimeMillis();
        SidecarDaemon b = sidecar("b.sock");
        try (LocalClient ingestionA = ingestionHolding("a.sock", IMEI_A)) {
            LocalClient ingestionB = ingestionHolding("b.sock", IMEI_B);

            Poll.until(DETECTION_BOUND, "both sidecars report the duplicate",
                    () -> detected(duplicateStatus("a.sock")) && detected(duplicateStatus("b.sock")));
            long bothSince = Math.max(Instant.parse((String) duplicateStatus("a.sock").get("since")).toEpochMilli(),
                    Instant.parse((String) duplicateStatus("b.sock").get("since")).toEpochMilli());
            System.out.printf("DUPLICATE-FIGURES both detected %d ms after the second sidecar started (heartbeat interval %d ms)%n",
                    bothSince - bStarted, SidecarHarness.HEARTBEAT.toMillis());
            assertThat(bothSince - bStarted).isLessThanOrEqualTo(DETECTION_BOUND.toMillis());
            assertThat(AdminEndpoint.onPort(a.metricsPort()).value("teltonika_registry_duplicate_instance_detected")).isEqualTo(1.0);
            assertThat(AdminEndpoint.onPort(b.metricsPort()).value("teltonika_registry_duplicate_instance_total")).isPositive();

            // Each holds a complete set without the other's device: a cleanup pass would delete it.
            awaitReconcilePasses(a, 3);
            awaitReconcilePasses(b, 3);
            assertThat(sync.hget("connections:registry", IMEI_A)).isEqualTo(ID);
            assertThat(sync.hget("connections:registry", IMEI_B)).isEqualTo(ID);

            // B's ingestion leaves, its grace expires and B stops: still nothing of A's (or B's) goes.
            ingestionB.close();
            awaitReconcilePasses(b, 2);
            b.stop(Duration.ZERO);
            assertThat(sync.hget("connections:registry", IMEI_A)).isEqualTo(ID);
            assertThat(sync.hget("connections:registry", IMEI_B)).isEqualTo(ID);

            // With B gone for a TTL, A clears the alarm and its cleanup resumes: B's device is a stray now.
            Poll.until(WAIT, "A clears the duplicate", () -> !detected(duplicateStatus("a.sock")));
            Poll.until(WAIT, "B's leftover cleaned by A", () -> sync.hget("connections:registry", IMEI_B) == null);
            assertThat(sync.hget("connections:registry", IMEI_A)).isEqualTo(ID);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void sidecarRestartedWithItsOwnId_neverReportsDuplicate() throws Exception {
        SidecarDaemon first = sidecar("first.sock");
        try (LocalClient ingestion = ingestionHolding("first.sock", IMEI_A)) {
            awaitReconcilePasses(first, 1);
        } finally {
            // Abrupt: its claim token stays in Redis, as after a crash.
            first.close();
        }
        SidecarDaemon second = sidecar("second.sock");
        try (LocalClient ingestion = ingestionHolding("second.sock", IMEI_B)) {
            // The earlier life's entry is a stray of ours: cleanup runs, it was never blocked for good.
            Poll.until(WAIT, "earlier life's entry cleaned", () -> sync.hget("connections:registry", IMEI_A) == null);
            awaitReconcilePasses(second, 3);
            assertThat(detected(duplicateStatus("second.sock"))).isFalse();
            assertThat(duplicateStatus("second.sock").get("lastSeen")).isNull();
            assertThat(AdminEndpoint.onPort(second.metricsPort()).value("teltonika_registry_duplicate_instance_total")).isZero();
            assertThat(sync.hget("connections:registry", IMEI_B)).isEqualTo(ID);
        } finally {
            second.close();
        }
    }

    @Test
    void aReconnectRightAfterTakingOverTheClaim_doesNotConfirmTheIdAsOursAlone() throws Exception {
        // Claims once per 3 s heartbeat, so a write right after a reconnect is far less than an interval after the last.
        SidecarOptions fast = SidecarHarness.options(ID);
        SidecarOptions slowClaims = new SidecarOptions(ID, Duration.ofSeconds(3), Duration.ofSeconds(10), fast.grace(),
                fast.freshness(), fast.reconcileInterval(), Duration.ofSeconds(5), fast.scanPagePause());
        SidecarDaemon b = SidecarHarness.start(slowClaims, redis.uri(), dir.resolve("b.sock"));
        SidecarDaemon a = null;
        try (LocalClient ingestionB = ingestionHolding("b.sock", IMEI_B)) {
            String claimKey = "fleetlink:instance-claim:" + ID;
            String bToken = sync.get(claimKey);
            java.util.Set<String> before = clientIds();
            a = SidecarHarness.start(slowClaims, redis.uri(), dir.resolve("a.sock"));
            Poll.until(WAIT, "A took the claim over", () -> !Objects.equals(sync.get(claimKey), bToken));
            java.util.Set<String> aConnections = clientIds();
            aConnections.removeAll(before);
            for (String id : aConnections) {
                sync.clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
            }
            // A reconnects and claims again at once; its grace expires with nothing held, so its held set is complete.
            awaitReconcilePasses(a, 3);
            assertThat(AdminEndpoint.onPort(a.metricsPort()).value("teltonika_registry_released_total"))
                    .as("A deleted none of the entries naming the shared id").isZero();
            assertThat(sync.hget("connections:registry", IMEI_B)).isEqualTo(ID);
            Poll.until(WAIT, "A sees B's next claim", () -> detected(duplicateStatus("a.sock")));
        } finally {
            if (a != null) {
                a.close();
            }
            b.close();
        }
    }

    /** The ids of the clients connected to Redis now, the test's own included. */
    private java.util.Set<String> clientIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String line : sync.clientList().split("\n")) {
            if (line.startsWith("id=")) {
                ids.add(line.substring(3, line.indexOf(' ')));
            }
        }
        return ids;
    }
}
