package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.Device;
import com.fleetlink.systemtests.support.Imeis;
import com.fleetlink.systemtests.support.PodSettings;
import com.fleetlink.systemtests.support.RegistryAwaits;
import com.fleetlink.systemtests.support.RegistryView;
import com.fleetlink.systemtests.support.Waits;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (each a sidecar and an ingestion) on one Redis, racing on one IMEI the way a real
 * fleet does: the device reconnects to another instance before the first noticed its socket is
 * dead. The latest handshake wins, and nothing the loser does afterwards — its socket closing, its
 * shutdown releasing everything — deletes the winner's entry. Nor an older instance's plain HSET.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoInstanceRaceIT {
    private static final String A = "pod-a";
    private static final String B = "pod-b";
    private static final String SIDECAR_UNREGISTERS = "teltonika_registry_lines_received_total{type=\"unregister\"}";
    private static final Duration EXIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    Path dir;

    private RedisServer redis;
    private RegistryView registry;
    private RegistryAwaits await;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServers.start();
        registry = RegistryView.connect(redis.uri());
        await = new RegistryAwaits(registry, CHILDREN::tails);
    }

    @AfterEach
    void stopRedis() throws Exception {
        registry.close();
        redis.close();
    }

    private Pod[] startPods(String... ids) {
        Pod[] pods = new Pod[ids.length];
        for (int i = 0; i < ids.length; i++) {
            pods[i] = PodSettings.fast(ids[i]).launch(CHILDREN, redis.uri(), dir);
        }
        for (Pod pod : pods) {
            pod.awaitReady();
        }
        return pods;
    }

    /**
     * Waits until {@code pod}'s sidecar has received {@code count} unregister events and has no
     * registry write left to do: whatever that close was going to do in Redis is done.
     */
    private static void awaitUnregisterApplied(Pod pod, double count) {
        AdminEndpoint metrics = pod.sidecar().metrics();
        Waits.until(Duration.ofSeconds(10), pod.id() + "'s sidecar applied " + count + " unregister(s)",
                () -> metrics.value(SIDECAR_UNREGISTERS) >= count
                        && metrics.value("teltonika_registry_held_entries") == 0
                        && metrics.value("teltonika_registry_pending_work") == 0,
                CHILDREN::tails);
    }

    @Test
    void deviceMovesToBWhileItsSocketOnAIsOpen_thenBWinsAndAsCloseDeletesNothing() {
        Pod[] pods = startPods(A, B);
        Pod a = pods[0];
        Pod b = pods[1];
        String imei = Imeis.nth(10);

        Device onA = Device.connect(a.port(), imei);
        await.owner(imei, A);
        try (Device onB = Device.connect(b.port(), imei)) {
            await.owner(imei, B);

            onA.close();
            awaitUnregisterApplied(a, 1);
            // Two of A's reconcile periods: neither the close nor a repair may take the field back.
            await.stays(imei, B, PodSettings.fast(A).reconcileInterval().multipliedBy(2));
            assertThat(a.sidecar().metrics().value("teltonika_registry_released_total"))
                    .as("fields A's compare-and-delete removed").isZero();
            onB.sendPacket(1);
        }
    }

    @Test
    void loserSigterm_releasesItsOwnEntriesButNotTheWinners() {
        Pod[] pods = startPods(A, B);
        Pod a = pods[0];
        Pod b = pods[1];
        String moved = Imeis.nth(20);
        String stayedOnA = Imeis.nth(21);

        Device movedOnA = Device.connect(a.port(), moved);
        Device onlyOnA = Device.connect(a.port(), stayedOnA);
        await.owner(moved, A);
        await.owner(stayedOnA, A);
        try (Device movedOnB = Device.connect(b.port(), moved)) {
            await.owner(moved, B);

            // A still holds both sockets; its SIGTERM releases everything it holds.
            a.ingestion().process().sigterm();
            assertThat(a.ingestion().process().awaitExit(EXIT)).as("ingestion A exit code").isZero();
            assertThat(registry.owner(stayedOnA)).as("A's own entry, released before A's ingestion exited").isNull();
            assertThat(registry.owner(moved)).as("the entry B won").isEqualTo(B);

            a.sidecar().process().sigterm();
            assertThat(a.sidecar().process().awaitExit(EXIT)).as("sidecar A exit code").isZero();
            assertThat(registry.heartbeatExists(A)).as("A's heartbeat after it stopped").isFalse();
            assertThat(registry.owner(moved)).as("the entry B won, after A is gone").isEqualTo(B);
            assertThat(movedOnA.closedByServer()).as("A closed its sockets when it stopped").isTrue();
            assertThat(onlyOnA.closedByServer()).isTrue();
            movedOnB.sendPacket(1);
        }
    }

    @Test
    void legacyPlainHsetAfterARegistered_isNotDeletedByAsClose() {
        Pod a = startPods(A)[0];
        String imei = Imeis.nth(30);
        String legacy = "legacy-ts-1";

        Device onA = Device.connect(a.port(), imei);
        await.owner(imei, A);
        // An instance running the original task's code takes the device over with a blind HSET.
        registry.legacyRegister(imei, legacy);

        onA.close();
        awaitUnregisterApplied(a, 1);
        await.stays(imei, legacy, PodSettings.fast(A).reconcileInterval().multipliedBy(2));
    }
}
