package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.RecordingJournal;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.ControlClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import com.fleetlink.registry.testkit.SidecarHarness;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The races and loose ends issue 9 found in the sidecar core, each reproduced against a real
 * {@code redis-server} and a real daemon: the test names the mechanism that closes it.
 */
@Tag("integration")
class SidecarRacesIntegrationTest {
    private static final String ID = "pod-a";
    private static final String IMEI = "356307042441013";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> sync;
    private SidecarDaemon daemon;
    private Path socket;
    private final RecordingJournal journal = new RecordingJournal();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServers.start();
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
        socket = dir.resolve("run/registry.sock");
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        client.shutdown();
        redis.close();
    }

    private void startDaemon(SidecarOptions options) throws Exception {
        daemon = SidecarHarness.start(options, redis.uri(), socket, journal);
    }

    private LocalClient attach(LocalClient ingestion, String boot, List<HeldDevice> held) throws Exception {
        ingestion.send(new Hello(1, 42, boot));
        ingestion.await(Welcome.class, WAIT);
        ingestion.send(new Snapshot(boot, held, true));
        return ingestion;
    }

    private String owner(String imei) {
        return sync.hget("connections:registry", imei);
    }

    private boolean heartbeatExists() {
        return sync.exists("instance:heartbeat:" + ID) == 1;
    }

    private double failures(String op) {
        return AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_registry_failures_total{op=\"" + op + "\"}");
    }

    @Test
    void registrationsDuringARedisOutage_areEachCountedOnceAsFailedRegisterWrites() throws Exception {
        startDaemon(SidecarHarness.options(ID));
        try (LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of())) {
            String metrics = scrape();
            assertThat(metrics).as("labels pre-initialised").contains("teltonika_registry_failures_total{op=\"register\"} 0.0");
            redis.kill();
            Poll.until(WAIT, "redis seen down", () -> AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_registry_redis_connected") == 0);
            for (int i = 0; i < 50; i++) {
                ingestion.send(new Register(String.format("3563070424%05d", i), i + 1, System.currentTimeMillis(), i + 1));
            }
            Poll.until(WAIT, "50 failed registrations counted", () -> failures("register") == 50);
            redis.restartEmpty();
            Poll.until(WAIT, "all written once Redis is back", () -> sync.hlen("connections:registry") == 50);
            assertThat(failures("register")).as("each event counted once, not per retry").isEqualTo(50);
        }
    }

    private String scrape() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void reattachWhileTheGraceReleaseWaitsOnAPausedRedis_keepsTheHeartbeat() throws Exception {
        startDaemon(SidecarHarness.options(ID));
        LocalClient first = attach(LocalClient.connect(socket), "b1", List.of(new HeldDevice(IMEI, 1)));
        Poll.until(WAIT, "registered", () -> ID.equals(owner(IMEI)));
        first.close();
        redis.pause();
        try {
            Poll.until(WAIT, "grace expired while Redis is paused", () -> journal.has("grace_expired"));
        } finally {
            try (LocalClient second = attach(LocalClient.connect(socket), "b2", List.of(new HeldDevice(IMEI, 7)))) {
                redis.resume();
                Poll.until(WAIT, "heartbeat after the re-attach", this::heartbeatExists);
                Poll.until(WAIT, "device registered again", () -> ID.equals(owner(IMEI)));
                // Two more intervals: the ticker must still be beating, the key must still be there.
                long ttlBefore = sync.pttl("instance:heartbeat:" + ID);
                Poll.until(WAIT, "heartbeat refreshed", () -> sync.pttl("instance:heartbeat:" + ID) > ttlBefore);
                assertThat(daemon.core().heartbeat().isActive()).isTrue();
                assertThat(heartbeatExists()).isTrue();
            }
        }
    }

    @Test
    void wedgedIngestionThatReconnects_isOnProbation_releasedAfterGrace_thenTrustedOnItsFirstPong() throws Exception {
        startDaemon(SidecarHarness.options(ID));
        LocalClient wedged = attach(LocalClient.connectWedged(socket), "w1", List.of(new HeldDevice(IMEI, 1)));
        Poll.until(WAIT, "registered", () -> ID.equals(owner(IMEI)));
        assertThat(wedged.closedWithin(WAIT)).as("dropped for silence").isTrue();
        // Its registry writer reconnects at once, and again each time, still answering no ping.
        List<LocalClient> again = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (owner(IMEI) != null && System.nanoTime() < deadline) {
                LocalClient next = attach(LocalClient.connectWedged(socket), "w1", List.of(new HeldDevice(IMEI, 1)));
                again.add(next);
                if (again.size() == 1) {
                    assertThat(ControlClient.request(socket, "status", WAIT)).as("status shows the probation")
                            .contains("\"probation\":true");
                }
                next.closedWithin(Duration.ofSeconds(2));
            }
            assertThat(owner(IMEI)).as("released after the grace period despite every new hello").isNull();
            assertThat(heartbeatExists()).as("heartbeat gone with the release").isFalse();
            assertThat(journal.has("probation_started")).isTrue();
        } finally {
            for (LocalClient c : again) {
                c.close();
            }
        }
        try (LocalClient healthy = attach(LocalClient.connect(socket), "w1", List.of(new HeldDevice(IMEI, 1)))) {
            Poll.until(WAIT, "trusted on its first pong and written", () -> ID.equals(owner(IMEI)));
            Poll.until(WAIT, "heartbeat resumed", this::heartbeatExists);
            assertThat(journal.has("probation_ended")).isTrue();
        }
    }

    @Test
    void repair_whenThePresumedDeadOwnerComesBackBeforeItsDeathIsConfirmed_thenItKeepsItsField() throws Exception {
        SidecarOptions h = SidecarHarness.options(ID);
        startDaemon(new SidecarOptions(ID, h.heartbeatInterval(), h.heartbeatTtl(), h.grace(), h.freshness(),
                h.reconcileInterval(), h.pingInterval(), h.scanPagePause(), Duration.ofSeconds(30)));
        sync.hset("connections:registry", IMEI, "pod-b");
        try (LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of(new HeldDevice(IMEI, 1)))) {
            Poll.until(WAIT, "pod-b looked at and found absent", () -> journal.has("liveness " + IMEI + " absent"));
            // The presumed-dead owner was only slow: it heartbeats and registers again.
            sync.set("instance:heartbeat:pod-b", "1", SetArgs.Builder.ex(60));
            sync.hset("connections:registry", IMEI, "pod-b");
            Poll.until(WAIT, "the next look finds it alive", () -> daemon.core().writer().conflicts() > 0);
            assertThat(owner(IMEI)).isEqualTo("pod-b");
        }
    }

    @Test
    void stop_afterTheIngestionsShutdownWhileItIsStillConnected_releasesAndDeletesTheHeartbeat() throws Exception {
        startDaemon(SidecarHarness.options(ID));
        try (LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of(new HeldDevice(IMEI, 1)))) {
            Poll.until(WAIT, "registered", () -> ID.equals(owner(IMEI)));
            ingestion.send(new Shutdown(System.currentTimeMillis(), 1));
            ingestion.await(Released.class, WAIT);
            // The ingestion is still closing its device sockets when the sidecar's SIGTERM wait ends.
            daemon.stop(Duration.ofMillis(200));
            daemon = null;
            assertThat(heartbeatExists()).isFalse();
            assertThat(owner(IMEI)).isNull();
        }
    }

    @Test
    void flush_afterTheGraceRelease_doesNotReviveTheHeartbeat() throws Exception {
        startDaemon(SidecarHarness.options(ID));
        LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of(new HeldDevice(IMEI, 1)));
        Poll.until(WAIT, "heartbeat", this::heartbeatExists);
        ingestion.close();
        Poll.until(WAIT, "released after grace", () -> !heartbeatExists() && owner(IMEI) == null);
        String reply = ControlClient.request(socket, "flush", WAIT);
        assertThat(reply).contains("\"type\":\"flush\"");
        assertThat(heartbeatExists()).as("a released instance holds nothing and must not look alive").isFalse();
    }

    @Test
    void stop_drainsAReleaseThatTimedOutDuringARedisPause() throws Exception {
        SidecarOptions h = SidecarHarness.options(ID);
        // A short freshness window: the timed-out release goes stale in the paused Redis, so only a resend deletes.
        startDaemon(new SidecarOptions(ID, h.heartbeatInterval(), h.heartbeatTtl(), h.grace(), Duration.ofSeconds(1),
                h.reconcileInterval(), h.pingInterval(), h.scanPagePause()));
        try (LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of(new HeldDevice(IMEI, 1)))) {
            Poll.until(WAIT, "registered", () -> ID.equals(owner(IMEI)));
            SidecarDaemon stopping = daemon;
            daemon = null;
            java.util.concurrent.CompletableFuture<Void> stopped;
            redis.pause();
            try {
                ingestion.send(new Unregister(IMEI, 1, System.currentTimeMillis(), 1, "closed"));
                Poll.until(WAIT, "the release timed out", () -> journal.has("unregister " + IMEI + " failed"));
                ingestion.send(new Shutdown(System.currentTimeMillis(), 2));
                // SIGTERM while the timed-out release still waits for Redis.
                stopped = java.util.concurrent.CompletableFuture.runAsync(() -> stopping.stop(Duration.ofSeconds(1)));
                Poll.until(WAIT, "the stop is releasing", () -> journal.has("released_at_shutdown"));
                long stale = System.nanoTime() + Duration.ofMillis(1500).toNanos();
                Poll.until(WAIT, "the first release is stale", () -> System.nanoTime() > stale);
            } finally {
                redis.resume();
            }
            stopped.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(owner(IMEI)).as("released before the sidecar exited").isNull();
        }
    }

    @Test
    void aRedisHang_doesNotMultiplyTheScriptCallsRedisRuns() throws Exception {
        int devices = 3000;
        long quiet = scriptCallsFor(devices, false);
        redis.close();
        redis = RedisServers.start();
        client.shutdown();
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
        daemon.close();
        daemon = null;
        long hung = scriptCallsFor(devices, true);
        System.out.println("script calls: quiet " + quiet + ", hung " + hung);
        assertThat(hung).as("script calls after a hang (%d without)", quiet).isLessThanOrEqualTo((long) (1.3 * quiet) + 10);
    }

    /** Registers {@code devices} (with Redis stopped for 5 s meanwhile when {@code hang}) and returns the script calls Redis ran. */
    private long scriptCallsFor(int devices, boolean hang) throws Exception {
        SidecarOptions h = SidecarHarness.options(ID);
        // Reconcile and heartbeat slow enough that only the registrations count.
        startDaemon(new SidecarOptions(ID, Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMinutes(1),
                h.freshness(), Duration.ofMinutes(10), Duration.ofSeconds(5), h.scanPagePause()));
        try (LocalClient ingestion = attach(LocalClient.connect(socket), "b1", List.of())) {
            Poll.until(WAIT, "snapshot applied", () -> journal.has("snapshot_applied"));
            Poll.until(WAIT, "heartbeat", this::heartbeatExists);
            sync.configResetstat();
            if (hang) {
                redis.pause();
            }
            try {
                // One write: how the lines trickle in would otherwise decide the batch sizes of both legs.
                java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < devices; i++) {
                    lines.writeBytes(LocalProtocolCodec.encode(
                            new Register(String.format("3563%011d", i), i + 1, System.currentTimeMillis(), i + 1)));
                }
                ingestion.write(lines.toByteArray());
                if (hang) {
                    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    Poll.until(Duration.ofSeconds(10), "5 s of hang", () -> System.nanoTime() > until);
                }
            } finally {
                if (hang) {
                    redis.resume();
                }
            }
            Poll.until(Duration.ofSeconds(30), "all registered", () -> sync.hlen("connections:registry") == devices
                    && daemon.core().writer().pending() == 0);
            return scriptCalls();
        }
    }

    private long scriptCalls() {
        long calls = 0;
        for (String line : sync.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String stats = line.substring(line.indexOf(':') + 1);
                calls += Long.parseLong(stats.split(",")[0].substring("calls=".length()));
            }
        }
        return calls;
    }
}
