package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.Device;
import com.fleetlink.systemtests.support.Imeis;
import com.fleetlink.systemtests.support.PodSettings;
import com.fleetlink.systemtests.support.RegistryAwaits;
import com.fleetlink.systemtests.support.RegistryView;
import com.fleetlink.systemtests.support.Waits;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's life with one healthy instance: a handshake registers, a close unregisters, the
 * heartbeat is kept alive with its TTL, a device reconnecting to the same instance keeps its entry,
 * and what a janitor deleted comes back. One pod serves every test of the class; each test uses its own IMEIs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryLifecycleIT {
    private static final String ID = "pod-a";
    private static final PodSettings SETTINGS = PodSettings.fast(ID);
    private static final String UNREGISTER_EVENTS = "teltonika_registry_events_total{type=\"unregister\"}";
    private static final String REGISTER_EVENTS = "teltonika_registry_events_total{type=\"register\"}";

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    static Path dir;

    private static RedisServer redis;
    private static RegistryView registry;
    private static RegistryAwaits await;
    private static Pod pod;

    @BeforeAll
    static void startPod() throws Exception {
        redis = RedisServers.start();
        registry = RegistryView.connect(redis.uri());
        pod = SETTINGS.start(CHILDREN, redis.uri(), dir);
        await = new RegistryAwaits(registry, CHILDREN::tails);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void handshake_thenHgetReturnsTheLocalInstanceId() {
        String imei = Imeis.nth(1);
        try (Device device = Device.connect(pod.port(), imei)) {
            await.owner(imei, ID);
            // Registered and served: telemetry is acknowledged as usual.
            device.sendPacket(2);
        }
    }

    @Test
    void socketClosedByDevice_thenHgetReturnsNil() {
        String imei = Imeis.nth(2);
        Device device = Device.connect(pod.port(), imei);
        await.owner(imei, ID);
        device.close();
        await.owner(imei, null);
    }

    @Test
    void socketClosedByServerOnMalformedBytes_thenHgetReturnsNil() throws Exception {
        String imei = Imeis.nth(3);
        try (Socket socket = new Socket("127.0.0.1", pod.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x00, 0x0F});
            out.write(imei.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            assertThat(socket.getInputStream().read()).as("handshake answer").isEqualTo(1);
            await.owner(imei, ID);
            // Not a 00000000 preamble: the server closes the socket, a close like any other.
            out.write(new byte[] {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 8, 8, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            assertThat(socket.getInputStream().read()).as("server closed the socket").isEqualTo(-1);
        }
        await.owner(imei, null);
    }

    @Test
    void heartbeat_ttlNeverAboveTheConfiguredOneAndRefreshedEveryInterval() {
        long ttl = SETTINGS.heartbeatTtl().toMillis();
        long interval = SETTINGS.heartbeatInterval().toMillis();
        int wanted = 8;
        List<Long> written = new ArrayList<>();
        long maxPttl = 0;
        long deadline = System.nanoTime() + Duration.ofMillis(wanted * interval + 5_000).toNanos();
        while (written.size() < wanted) {
            assertThat(System.nanoTime()).as("%d heartbeat writes seen before the deadline: %s", wanted, written)
                    .isLessThan(deadline);
            long pttl = registry.heartbeatPttl(ID);
            String value = registry.heartbeatValue(ID);
            assertThat(pttl).as("PTTL of %s (the key must exist and expire)", RegistryView.heartbeatKey(ID))
                    .isPositive().isLessThanOrEqualTo(ttl);
            maxPttl = Math.max(maxPttl, pttl);
            if (value != null && (written.isEmpty() || Long.parseLong(value) != written.get(written.size() - 1))) {
                written.add(Long.parseLong(value));
            }
            Waits.pollPause();
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < written.size(); i++) {
            gaps.add(written.get(i) - written.get(i - 1));
        }
        List<Long> sorted = new ArrayList<>(gaps);
        sorted.sort(null);
        long median = sorted.get(sorted.size() / 2);
        System.out.printf("heartbeat: interval %d ms, ttl %d ms; gaps between writes %s ms (median %d); max PTTL seen %d ms%n",
                interval, ttl, gaps, median, maxPttl);
        // Each write stamps the time it was decided; their spacing is the refresh period.
        assertThat(median).as("median time between heartbeat writes").isBetween(interval / 2, interval * 2);
        assertThat(sorted.get(sorted.size() - 1)).as("longest time between writes: the key never lapsed").isLessThan(ttl);
        // Just after a write the TTL is close to the configured one: the key is written with that expiry.
        assertThat(maxPttl).as("largest PTTL seen").isGreaterThan(ttl - 2 * interval);
    }

    @Test
    void deviceReconnectsToTheSameInstance_thenOldSocketSupersededAndEntryStays() {
        String imei = Imeis.nth(4);
        Device first = Device.connect(pod.port(), imei);
        await.owner(imei, ID);
        double registersBefore = pod.ingestion().metrics().value(REGISTER_EVENTS);
        double unregistersBefore = pod.ingestion().metrics().value(UNREGISTER_EVENTS);

        try (Device second = Device.connect(pod.port(), imei)) {
            assertThat(first.closedByServer()).as("the older socket is closed once the newer handshake succeeds").isTrue();
            second.sendPacket(1);
            // Two reconcile periods: a wrong delete, immediate or by repair, would show within them.
            await.stays(imei, ID, SETTINGS.reconcileInterval().multipliedBy(2));
            assertThat(pod.ingestion().metrics().value(REGISTER_EVENTS)).as("register events").isEqualTo(registersBefore + 1);
            assertThat(pod.ingestion().metrics().value(UNREGISTER_EVENTS))
                    .as("the superseded socket's close sends no unregister").isEqualTo(unregistersBefore);
        }
        // The current socket's close is the one that counts.
        await.owner(imei, null);
    }

    @Test
    void janitorDeletesTheHeartbeatAndTheEntries_thenBothAreRestored() {
        List<String> imeis = Imeis.range(5, 3);
        List<Device> devices = Device.connectAll(pod.port(), imeis);
        try {
            await.owners(imeis, ID);
            // What a janitor does to an instance it presumed dead.
            registry.deleteHeartbeat(ID);
            imeis.forEach(registry::delete);
            await.owners(imeis, ID);
            Waits.until(RegistryAwaits.CONVERGE, "heartbeat rewritten", () -> registry.heartbeatExists(ID), CHILDREN::tails);
        } finally {
            devices.forEach(Device::close);
        }
        for (String imei : imeis) {
            await.owner(imei, null);
        }
    }
}
