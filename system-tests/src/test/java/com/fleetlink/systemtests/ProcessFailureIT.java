package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.Device;
import com.fleetlink.systemtests.support.Imeis;
import com.fleetlink.systemtests.support.PodSettings;
import com.fleetlink.systemtests.support.RegistryAwaits;
import com.fleetlink.systemtests.support.RegistryView;
import com.fleetlink.systemtests.support.Waits;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of the pod's two processes dies without a chance to clean up (SIGKILL). A dead sidecar costs
 * the devices nothing and its replacement learns the whole held set from the ingestion's snapshot;
 * a dead ingestion's entries are released by its sidecar once the grace period has passed, while
 * devices that reconnected elsewhere keep their new entries. A wedged ingestion (SIGSTOP) counts as
 * dead, and comes back by itself when it runs again; a stalled sidecar must not take its own stall
 * for the ingestion's silence.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessFailureIT {
    private static final Duration ACK_BOUND = Duration.ofSeconds(1);
    private static final Duration EXIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    Path dir;

    private RedisServer redis;
    private RegistryView registry;
    private RegistryAwaits await;
    private final List<Device> devices = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServers.start();
        registry = RegistryView.connect(redis.uri());
        await = new RegistryAwaits(registry, CHILDREN::tails);
    }

    @AfterEach
    void stopRedis() throws Exception {
        devices.forEach(Device::close);
        registry.close();
        redis.close();
    }

    @Test
    void sidecarKilledAndRestarted_thenIngestionReconnectsAndItsSnapshotRestoresTheHeldSet() {
        Pod pod = PodSettings.fast("pod-a").start(CHILDREN, redis.uri(), dir);
        List<String> held = new ArrayList<>(Imeis.range(5000, 20));
        devices.addAll(Device.connectAll(pod.port(), held));
        await.owners(held, pod.id());
        double snapshotsBefore = pod.ingestion().metrics().value("teltonika_registry_snapshots_total");

        ChildProcess sidecar = pod.sidecar().process();
        sidecar.kill();
        sidecar.awaitExit(EXIT);
        // Only the ingestion now knows what is held: the registry and the sidecar's memory are both gone.
        registry.wipe();
        // Devices come and go meanwhile; the events the ingestion cannot deliver are dropped.
        Device leaving = devices.remove(0);
        leaving.close();
        held.remove(leaving.imei());
        Device arriving = Device.connect(pod.port(), Imeis.nth(5100));
        devices.add(arriving);
        held.add(arriving.imei());
        assertThat(arriving.handshakeTime()).as("handshake while the sidecar is dead").isLessThanOrEqualTo(ACK_BOUND);
        for (Device d : devices) {
            assertThat(d.sendPacket(1)).as(d.imei() + " ACK while the sidecar is dead").isLessThanOrEqualTo(ACK_BOUND);
        }
        assertThat(registry.size()).as("HLEN while the sidecar is dead").isZero();

        pod.restartSidecar();
        await.owners(held, pod.id());
        await.size(held.size());
        assertThat(registry.owner(leaving.imei())).as("the device that left while the sidecar was dead").isNull();
        assertThat(pod.ingestion().metrics().value("teltonika_registry_snapshots_total"))
                .as("snapshots the ingestion sent").isGreaterThan(snapshotsBefore);
        assertThat(pod.ingestion().metrics().value("teltonika_registry_connected")).as("connected to the new sidecar").isEqualTo(1);
    }

    @Test
    void ingestionKilled_thenSidecarReleasesAfterTheGracePeriodAndDevicesThatMovedKeepTheirEntries() {
        Duration grace = Duration.ofSeconds(3);
        Pod a = PodSettings.fast("pod-a").withGrace(grace).launch(CHILDREN, redis.uri(), dir);
        Pod b = PodSettings.fast("pod-b").launch(CHILDREN, redis.uri(), dir);
        a.awaitReady();
        b.awaitReady();
        List<String> imeis = Imeis.range(6000, 10);
        devices.addAll(Device.connectAll(a.port(), imeis));
        await.owners(imeis, a.id());

        ChildProcess ingestion = a.ingestion().process();
        long killedAt = System.nanoTime();
        ingestion.kill();
        ingestion.awaitExit(EXIT);
        assertThat(devices).allSatisfy(d -> assertThat(d.closedByServer()).as(d.imei() + " socket closed").isTrue());
        assertThat(registry.size()).as("entries kept during the grace period").isEqualTo(imeis.size());

        // Half the fleet reconnects to B before A's grace period ends.
        List<String> moved = imeis.subList(0, imeis.size() / 2);
        List<String> stranded = imeis.subList(imeis.size() / 2, imeis.size());
        devices.addAll(Device.connectAll(b.port(), moved));
        await.owners(moved, b.id());

        Waits.until(grace.plus(RegistryAwaits.CONVERGE), "A's entries and heartbeat released",
                () -> stranded.stream().allMatch(i -> registry.owner(i) == null) && !registry.heartbeatExists(a.id()),
                CHILDREN::tails);
        Duration releasedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("ingestion SIGKILL: grace %d ms, entries released %d ms after the kill%n",
                grace.toMillis(), releasedAfter.toMillis());
        assertThat(releasedAfter).as("release waited for the grace period").isGreaterThanOrEqualTo(grace);
        assertThat(moved).allSatisfy(i -> assertThat(registry.owner(i)).as(i + " moved to B").isEqualTo(b.id()));
        assertThat(a.sidecar().process().isAlive()).as("A's sidecar outlives its ingestion").isTrue();
    }

    @Test
    void ingestionWedgedBySigstop_thenReleasedAfterGrace_andRestoredOnceItRunsAgain() {
        Pod pod = PodSettings.fast("pod-a").start(CHILDREN, redis.uri(), dir);
        List<String> imeis = Imeis.range(7000, 10);
        devices.addAll(Device.connectAll(pod.port(), imeis));
        await.owners(imeis, pod.id());

        // Its Unix socket stays open, but no pong comes back: the sidecar must not trust the open socket.
        ChildProcess ingestion = pod.ingestion().process();
        ingestion.pause();
        try {
            Waits.until(RegistryAwaits.CONVERGE, "the wedged instance's entries and heartbeat released",
                    () -> registry.size() == 0 && !registry.heartbeatExists(pod.id()), CHILDREN::tails);
        } finally {
            ingestion.resume();
        }
        // Running again, the ingestion finds its session dropped, reconnects and its snapshot restores the entries.
        await.owners(imeis, pod.id());
        for (Device d : devices) {
            assertThat(d.sendPacket(1)).as(d.imei() + " ACK after the stall").isLessThanOrEqualTo(ACK_BOUND);
        }
        Waits.until(RegistryAwaits.CONVERGE, "heartbeat again", () -> registry.heartbeatExists(pod.id()), CHILDREN::tails);
    }

    /**
     * The mirror of the wedged ingestion: the sidecar is the one stalled (a long GC pause, CPU
     * throttling, a paused VM; here SIGSTOP) for ten ping intervals, and as it resumes the
     * ingestion happens to pause for one interval (a GC pause of its own). The sidecar sent no ping
     * during its stall, and the ingestion is silent for one interval, not the three that make it
     * "gone" (design §3): its session must survive. The heartbeat TTL is made longer than the stall,
     * so that nothing else changes.
     */
    @Test
    void sidecarResumingAfterAStall_keepsAnIngestionThatWasSilentForOnePingInterval() {
        PodSettings settings = PodSettings.fast("pod-a").withHeartbeatTtl(Duration.ofSeconds(10));
        Pod pod = settings.start(CHILDREN, redis.uri(), dir);
        List<String> imeis = Imeis.range(8000, 5);
        devices.addAll(Device.connectAll(pod.port(), imeis));
        await.owners(imeis, pod.id());
        ChildProcess sidecar = pod.sidecar().process();
        ChildProcess ingestion = pod.ingestion().process();
        double sessions = pod.sidecar().metrics().value("teltonika_registry_ingestion_sessions_total");

        sidecar.pause();
        try {
            // The devices are served all along; their packets are also what measures out the stall.
            long end = System.nanoTime() + settings.pingInterval().multipliedBy(10).toNanos();
            while (System.nanoTime() < end) {
                for (Device d : devices) {
                    assertThat(d.sendPacket(1)).as(d.imei() + " ACK while the sidecar is stalled").isLessThanOrEqualTo(ACK_BOUND);
                }
            }
            ingestion.pause();
        } finally {
            sidecar.resume();
        }
        try {
            Waits.holdsFor(settings.pingInterval(), "the resumed sidecar is live",
                    () -> pod.sidecar().metrics().status("/livez") == 200, CHILDREN::tails);
        } finally {
            ingestion.resume();
        }
        Pattern gone = Pattern.compile("treating it as gone");
        Waits.holdsFor(settings.pingInterval().multipliedBy(10), "the ingestion session survives",
                () -> sidecar.countLog(gone) == 0
                        && pod.sidecar().metrics().value("teltonika_registry_ingestion_sessions_total") == sessions,
                CHILDREN::tails);
        await.owners(imeis, pod.id());
    }
}
