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
 * SIGTERM with a few hundred devices connected: every held IMEI is unregistered before the
 * processes exit, in Kubernetes' order (ingestion first, then its native sidecar) and in compose's
 * (both at once). The grace period is made longer than the test, so that nothing but the shutdown
 * path can be what empties the registry. A sidecar stopped alone leaves the entries to its successor.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulShutdownIT {
    private static final String ID = "pod-a";
    private static final int DEVICES = 200;
    /** Both processes' own limits (5 s release wait, 10 s sidecar wait) fit inside it, like the pod's 30 s. */
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final PodSettings SETTINGS = PodSettings.fast(ID).withGrace(Duration.ofSeconds(60));

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    Path dir;

    private RedisServer redis;
    private RegistryView registry;
    private RegistryAwaits await;
    private Pod pod;
    private List<Device> devices = List.of();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServers.start();
        registry = RegistryView.connect(redis.uri());
    }

    /** A pod with {@code count} devices connected and registered. */
    private void startPodWithDevices(PodSettings settings, int count) {
        pod = settings.start(CHILDREN, redis.uri(), dir);
        await = new RegistryAwaits(registry, CHILDREN::tails);
        devices = Device.connectAll(pod.port(), Imeis.range(1000, count));
        await.size(count);
        assertThat(registry.entries().values()).as("every field").containsOnly(ID);
    }

    @AfterEach
    void stopRedis() throws Exception {
        devices.forEach(Device::close);
        registry.close();
        redis.close();
    }

    @Test
    void sigtermIngestionThenSidecar_unregistersEveryHeldImeiBeforeEachExits() {
        startPodWithDevices(SETTINGS, DEVICES);
        ChildProcess ingestion = pod.ingestion().process();
        ChildProcess sidecar = pod.sidecar().process();

        ingestion.sigterm();
        assertThat(ingestion.awaitExit(EXIT)).as("ingestion exit code").isZero();
        // Read at once: the release happened before the exit, not some time after it.
        assertThat(registry.size()).as("HLEN right after the ingestion exited").isZero();
        ingestion.awaitLog(Pattern.compile("registry sidecar released " + DEVICES + " entries"), Duration.ZERO);
        assertThat(devices).allSatisfy(d -> assertThat(d.closedByServer()).as(d.imei() + " socket closed").isTrue());
        assertThat(registry.heartbeatExists(ID)).as("heartbeat while the sidecar runs on").isTrue();

        sidecar.sigterm();
        assertThat(sidecar.awaitExit(EXIT)).as("sidecar exit code").isZero();
        assertThat(registry.heartbeatExists(ID)).as("heartbeat right after the sidecar exited").isFalse();
        assertThat(registry.size()).as("HLEN after both exited").isZero();
    }

    @Test
    void sigtermToBothAtOnce_bothExitZeroAndNothingIsLeftBehind() {
        startPodWithDevices(SETTINGS, DEVICES);
        ChildProcess ingestion = pod.ingestion().process();
        ChildProcess sidecar = pod.sidecar().process();

        // The harder order: the sidecar hears first and must wait for the ingestion's shutdown.
        sidecar.sigterm();
        ingestion.sigterm();
        assertThat(ingestion.awaitExit(EXIT)).as("ingestion exit code").isZero();
        assertThat(sidecar.awaitExit(EXIT)).as("sidecar exit code").isZero();

        assertThat(registry.size()).as("HLEN after both exited").isZero();
        assertThat(registry.heartbeatExists(ID)).as("heartbeat after both exited").isFalse();
        assertThat(devices).allSatisfy(d -> assertThat(d.closedByServer()).as(d.imei() + " socket closed").isTrue());
    }

    @Test
    void sigtermToTheSidecarAlone_leavesTheEntriesAndTheNextSidecarTakesThemOver() {
        startPodWithDevices(SETTINGS.withShutdownWait(Duration.ofSeconds(1)), 20);
        ChildProcess sidecar = pod.sidecar().process();

        // Only the sidecar is restarted (a new image, say): the ingestion still holds every socket.
        sidecar.sigterm();
        assertThat(sidecar.awaitExit(EXIT)).as("sidecar exit code").isZero();
        assertThat(registry.size()).as("HLEN after the sidecar exited with the ingestion attached").isEqualTo(20);
        for (Device d : devices) {
            assertThat(d.sendPacket(1)).as(d.imei() + " ACK without a sidecar").isLessThanOrEqualTo(Duration.ofSeconds(1));
        }

        pod.restartSidecar();
        Waits.until(RegistryAwaits.CONVERGE, "the new sidecar holds the 20 devices from the snapshot",
                () -> pod.sidecar().metrics().value("teltonika_registry_held_entries") == 20, CHILDREN::tails);
        assertThat(registry.entries().values()).as("every field").hasSize(20).containsOnly(ID);
        assertThat(registry.heartbeatExists(ID)).as("heartbeat of the new sidecar").isTrue();
    }
}
