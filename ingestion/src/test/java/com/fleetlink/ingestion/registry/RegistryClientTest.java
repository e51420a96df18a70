package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.registry.FakeSidecar.FullSnapshot;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.session.DeviceSession;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.telemetry.JsonLinesTelemetrySink;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Resync;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a real ingestion server (real TCP devices) and a fake sidecar on a
 * real Unix socket.
 */
class RegistryClientTest {
    private static final String IMEI_A = "356307042441013";
    private static final String IMEI_B = "356307042441021";

    @TempDir
    Path dir;

    private final List<FakeSidecar> sidecars = new ArrayList<>();
    private final List<DeviceClient> devices = new ArrayList<>();
    private final List<RegistryClient> clients = new ArrayList<>();
    private final CountDownLatch unwedge = new CountDownLatch(1);
    private IngestionMetrics metrics;
    private IngestionServer server;
    private Path socket;

    @BeforeEach
    void startServer() throws Exception {
        metrics = new IngestionMetrics();
        server = new IngestionServer(IngestionConfig.defaults(0),
                JsonLinesTelemetrySink.toFile(dir.resolve("telemetry.jsonl"), 1024), metrics);
        server.start();
        socket = dir.resolve("registry.sock");
    }

    @AfterEach
    void stopAll() throws IOException {
        unwedge.countDown();
        for (DeviceClient device : devices) {
            device.close();
        }
        for (RegistryClient client : clients) {
            client.close();
        }
        server.stop();
        for (FakeSidecar sidecar : sidecars) {
            sidecar.close();
        }
    }

    private RegistryClient startClient() {
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(socket),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry());
        clients.add(client);
        server.sessions().setListener(client);
        client.start();
        return client;
    }

    private FakeSidecar sidecar() throws IOException {
        FakeSidecar sidecar = FakeSidecar.listen(socket);
        sidecars.add(sidecar);
        return sidecar;
    }

    private DeviceClient device(String imei) throws IOException {
        DeviceClient device = DeviceClient.connect(server.port(), imei);
        devices.add(device);
        return device;
    }

    private long connOf(String imei) {
        Poll.until(Poll.DEFAULT_DEADLINE, imei + " in the session table", () -> server.sessions().get(imei) != null);
        return server.sessions().get(imei).conn();
    }

    private double metric(String series) {
        return MetricsText.scrape(metrics.registry()).value(series);
    }

    /** A running client attached to a running fake sidecar, past its first snapshot. */
    private FakeSidecar attached() throws IOException {
        FakeSidecar sidecar = sidecar();
        startClient();
        sidecar.expect(Hello.class);
        sidecar.expectSnapshot();
        return sidecar;
    }

    @Test
    void connect_sendsHelloThenASnapshotOfTheDevicesConnectedBeforeTheSidecarCame() throws IOException {
        RegistryClient client = startClient();
        device(IMEI_A);
        device(IMEI_B);
        long connA = connOf(IMEI_A);
        long connB = connOf(IMEI_B);

        FakeSidecar sidecar = sidecar();
        Hello hello = sidecar.expect(Hello.class);
        FullSnapshot snapshot = sidecar.expectSnapshot();

        assertThat(sidecar.lines().get(0).message()).isEqualTo(hello);
        assertThat(hello.v()).isEqualTo(LocalProtocol.VERSION);
        assertThat(hello.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(hello.boot()).isEqualTo(client.boot()).isNotBlank();
        assertThat(snapshot.devices()).containsExactlyInAnyOrder(new HeldDevice(IMEI_A, connA), new HeldDevice(IMEI_B, connB));
        assertThat(metric("teltonika_registry_snapshots_total")).isEqualTo(1);
        assertThat(metric("teltonika_registry_connected")).isEqualTo(1);
        assertThat(sidecar.invalidLines()).isEmpty();
    }

    @Test
    void snapshot_ofMoreThanOneChunk_goesOutInChunksOfAtMostAThousandUnderOneId() throws IOException {
        List<DeviceSession> held = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            held.add(new DeviceSession(String.format("35%013d", i), i + 1, null, 0));
        }
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(socket), () -> held,
                allRan -> { }, new PrometheusRegistry());
        clients.add(client);
        FakeSidecar sidecar = sidecar();
        client.start();

        FullSnapshot snapshot = sidecar.expectSnapshot();

        assertThat(snapshot.chunks()).isEqualTo(3);
        assertThat(snapshot.devices()).hasSize(2500)
                .containsExactlyInAnyOrderElementsOf(held.stream().map(s -> new HeldDevice(s.imei(), s.conn())).toList());
        assertThat(sidecar.lines()).extracting(FakeSidecar.Line::message).filteredOn(Snapshot.class::isInstance)
                .allSatisfy(m -> assertThat(((Snapshot) m).imeis()).hasSizeLessThanOrEqualTo(LocalProtocol.SNAPSHOT_CHUNK));
    }

    @Test
    void handshake_sendsRegisterWithTheSocketsConn() throws IOException {
        FakeSidecar sidecar = attached();
        long before = System.currentTimeMillis();

        device(IMEI_A);

        Register register = sidecar.expect(Register.class);
        assertThat(register.imei()).isEqualTo(IMEI_A);
        assertThat(register.conn()).isEqualTo(connOf(IMEI_A));
        assertThat(register.at()).isBetween(before, System.currentTimeMillis());
        assertThat(register.seq()).isEqualTo(1);
        assertThat(metric("teltonika_registry_events_total{type=\"register\"}")).isEqualTo(1);
    }

    @Test
    void deviceClose_sendsUnregisterWithTheSameConnAndReasonClosed() throws IOException {
        FakeSidecar sidecar = attached();
        DeviceClient device = device(IMEI_A);
        Register register = sidecar.expect(Register.class);

        device.close();

        Unregister unregister = sidecar.expect(Unregister.class);
        assertThat(unregister.imei()).isEqualTo(IMEI_A);
        assertThat(unregister.conn()).isEqualTo(register.conn());
        assertThat(unregister.reason()).isEqualTo("closed");
        assertThat(unregister.seq()).isEqualTo(register.seq() + 1);
        assertThat(metric("teltonika_registry_events_total{type=\"unregister\"}")).isEqualTo(1);
    }

    @Test
    void supersededSocket_sendsNoUnregisterForTheOldConn() throws IOException {
        FakeSidecar sidecar = attached();
        DeviceClient first = device(IMEI_A);
        Register oldRegister = sidecar.expect(Register.class);
        DeviceClient second = device(IMEI_A);
        Register newRegister = sidecar.expect(Register.class);
        assertThat(first.closedByServer()).as("the older socket is closed by the newer handshake").isTrue();

        second.close();

        Unregister unregister = sidecar.expect(Unregister.class);
        assertThat(newRegister.conn()).isNotEqualTo(oldRegister.conn());
        assertThat(unregister.conn()).isEqualTo(newRegister.conn());
        assertThat(sidecar.lines()).extracting(FakeSidecar.Line::message).filteredOn(Unregister.class::isInstance)
                .containsExactly(unregister);
    }

    @Test
    void sidecarAway_dropsAndCountsEventsWithoutTouchingDevices_thenReconnectsWithHelloAndTheCurrentSet() throws IOException {
        FakeSidecar first = sidecar();
        RegistryClient client = startClient();
        String boot = first.expect(Hello.class).boot();
        first.expectSnapshot();
        DeviceClient a = device(IMEI_A);
        first.expect(Register.class);

        first.close();
        Poll.until(Poll.DEFAULT_DEADLINE, "the client to notice the sidecar left", () -> !client.isConnected());
        assertThat(metric("teltonika_registry_connected")).isEqualTo(0);
        long droppedBefore = client.droppedEvents();
        DeviceClient b = device(IMEI_B);
        assertThat(b.sendRecord(1_700_000_000_000L)).as("ACK while the sidecar is away").isEqualTo(1);
        a.close();
        Poll.until(Poll.DEFAULT_DEADLINE, "the register of B and unregister of A to be dropped",
                () -> client.droppedEvents() >= droppedBefore + 2);
        assertThat(metric("teltonika_registry_events_dropped_total")).isGreaterThanOrEqualTo(droppedBefore + 2);

        FakeSidecar second = sidecar();
        FakeSidecar.Line hello = second.expectLine(Hello.class, h -> true);
        FullSnapshot snapshot = second.expectSnapshot();

        assertThat(second.lines().get(0)).isEqualTo(hello);
        assertThat(((Hello) hello.message()).boot()).isEqualTo(boot);
        assertThat(snapshot.devices()).containsExactly(new HeldDevice(IMEI_B, connOf(IMEI_B)));
        Poll.until(Poll.DEFAULT_DEADLINE, "the connected gauge to be 1", () -> metric("teltonika_registry_connected") == 1);
    }

    /**
     * Events go through the server's session table, as from device sockets. The flood's sessions sit
     * on one embedded channel that is closed already, so each registration closes at once (two
     * hundred thousand TCP handshakes would take minutes); the device whose register and close are
     * dropped last is a real TCP one, and its event loop is held inside the callback until the client
     * has read the table for the repair, so a table that told its listener before it changed would
     * give the repair the old state.
     */
    @Test
    void handoff_whenTheSidecarStopsReading_neverBlocksCountsDropsAndRepairsWithASnapshot() throws IOException {
        FakeSidecar sidecar = sidecar();
        SessionTable table = server.sessions();
        AtomicInteger tableReads = new AtomicInteger();
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(socket), () -> {
            tableReads.incrementAndGet();
            return table.sessions();
        }, server::runOnEveryEventLoop, metrics.registry());
        clients.add(client);
        DropHoldingListener listener = new DropHoldingListener(client, tableReads::get, sidecar::resumeReading);
        table.setListener(listener);
        client.start();
        sidecar.expect(Hello.class);
        String firstSnap = sidecar.expectSnapshot().snap();
        sidecar.pauseReading();
        EmbeddedChannel closed = new EmbeddedChannel();
        closed.close();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> flood(table, closed),
                "200,000 hand-offs to a sidecar that does not read");

        long dropped = client.droppedEvents();
        assertThat(dropped).isGreaterThan(200_000 - RegistryClientConfig.DEFAULT_QUEUE_CAPACITY - 20_000L);
        assertThat(metric("teltonika_registry_events_dropped_total")).isEqualTo(dropped);

        listener.holdNextDrop();
        DeviceClient device = device(IMEI_B);
        assertThat(listener.held()).as("the register of B was dropped and held until the repair read the table").isEqualTo(1);
        FullSnapshot repair = latestSnapshotBeforePong(sidecar, 1);
        assertThat(repair.snap()).isNotEqualTo(firstSnap);
        assertThat(repair.devices()).as("the repair its dropped register asked for").containsExactly(new HeldDevice(IMEI_B, connOf(IMEI_B)));

        sidecar.pauseReading();
        flood(table, closed);
        untilTheWriterIsStuck(client, table, closed);
        listener.holdNextDrop();
        device.close();
        Poll.until(Poll.DEFAULT_DEADLINE, "the unregister of B to be dropped and held", () -> listener.held() == 2);
        assertThat(latestSnapshotBeforePong(sidecar, 2).devices()).as("the repair its dropped unregister asked for").isEmpty();

        List<Long> seqs = sidecar.lines().stream().map(FakeSidecar.Line::message)
                .map(m -> m instanceof Register r ? r.seq() : m instanceof Unregister u ? u.seq() : -1L)
                .filter(s -> s >= 0).toList();
        assertThat(seqs).as("seq counts events as written, so dropped ones leave no gap").isNotEmpty();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
    }

    /**
     * 200,000 hand-offs: 100,000 sessions of IMEI_A on the {@code closed} channel, each a register and
     * at once an unregister. Far more than the hand-off and the socket buffer hold, so the client's
     * writer ends up stuck and its hand-off full, whatever it managed to write meanwhile.
     */
    /**
     * Registers on until a thousand of them are dropped while the writer sends nothing: it is then
     * stuck on the socket of a sidecar that does not read, and the hand-off stays full. Until then it
     * may still be discarding the hand-off for a repair snapshot, and the next event would be queued.
     */
    private void untilTheWriterIsStuck(RegistryClient client, SessionTable table, EmbeddedChannel closed) {
        Poll.until(Poll.DEFAULT_DEADLINE, "the writer stuck on a sidecar that does not read", () -> {
            long before = client.droppedEvents();
            double sent = metric("teltonika_registry_events_total{type=\"register\"}")
                    + metric("teltonika_registry_events_total{type=\"unregister\"}");
            for (int i = 0; i < 1000; i++) {
                table.register(IMEI_A, closed);
            }
            return client.droppedEvents() - before >= 1000
                    && sent == metric("teltonika_registry_events_total{type=\"register\"}")
                    + metric("teltonika_registry_events_total{type=\"unregister\"}");
        });
    }

    private static void flood(SessionTable table, EmbeddedChannel closed) {
        for (int i = 0; i < 100_000; i++) {
            table.register(IMEI_A, closed);
        }
    }

    /** The newest snapshot the client wrote before it answered a ping sent now. */
    private static FullSnapshot latestSnapshotBeforePong(FakeSidecar sidecar, long n) throws IOException {
        sidecar.send(new Ping(n));
        sidecar.expect(Pong.class, p -> p.n() == n);
        return sidecar.latestSnapshot();
    }

    @Test
    void ping_isAnsweredWithPongFromTheEventLoops() throws IOException {
        FakeSidecar sidecar = attached();

        sidecar.send(new Ping(42));

        assertThat(sidecar.expect(Pong.class).n()).isEqualTo(42);
    }

    @Test
    void ping_whileOneWorkerEventLoopIsWedged_getsNoPongUntilItRunsAgain() throws IOException {
        FakeSidecar sidecar = attached();
        device(IMEI_A);
        connOf(IMEI_A);
        EventLoop loop = server.sessions().get(IMEI_A).channel().eventLoop();
        CountDownLatch wedged = new CountDownLatch(1);
        loop.execute(() -> {
            wedged.countDown();
            awaitUninterruptibly(unwedge);
        });
        awaitUninterruptibly(wedged);

        sidecar.send(new Ping(5));

        sidecar.expectNone(Pong.class, p -> p.n() == 5, Duration.ofMillis(500));
        unwedge.countDown();
        assertThat(sidecar.expect(Pong.class).n()).isEqualTo(5);
    }

    @Test
    void resync_sendsAFreshSnapshotOfTheCurrentSet() throws IOException {
        FakeSidecar sidecar = sidecar();
        startClient();
        String firstSnap = sidecar.expectSnapshot().snap();
        device(IMEI_A);
        sidecar.expect(Register.class);

        sidecar.send(new Resync());

        FullSnapshot snapshot = sidecar.expectSnapshot();
        assertThat(snapshot.snap()).isNotEqualTo(firstSnap);
        assertThat(snapshot.devices()).containsExactly(new HeldDevice(IMEI_A, connOf(IMEI_A)));
        // Counted right after the write that the sidecar has already read: wait for it, do not race it.
        Poll.until(Poll.DEFAULT_DEADLINE, "the second snapshot counted", () -> metric("teltonika_registry_snapshots_total") == 2);
    }

    @Test
    void snapshot_whenTheWelcomeListsNoCaps_thenEntriesWithoutAt() throws IOException {
        FakeSidecar sidecar = attached();
        sidecar.send(new Welcome(LocalProtocol.VERSION, "pod-a"));
        device(IMEI_A);
        Register register = sidecar.expect(Register.class);

        sidecar.send(new Resync());

        assertThat(sidecar.expectSnapshot().devices()).containsExactly(new HeldDevice(IMEI_A, register.conn()));
    }

    @Test
    void snapshot_whenTheWelcomeListsSnapshotAt_thenEntriesCarryTheirRegistersAt() throws IOException {
        FakeSidecar sidecar = attached();
        sidecar.send(new Welcome(LocalProtocol.VERSION, "pod-a", List.of(LocalProtocol.CAP_SNAPSHOT_AT)));
        sidecar.expectSnapshot();
        device(IMEI_A);
        Register register = sidecar.expect(Register.class);

        sidecar.send(new Resync());

        assertThat(sidecar.expectSnapshot().devices()).containsExactly(new HeldDevice(IMEI_A, register.conn(), register.at()));
    }

    @Test
    void snapshot_whenAWelcomeListsSnapshotAt_thenASnapshotWithDecisionTimesFollowsUnasked() throws IOException {
        FakeSidecar restarted = attached();
        device(IMEI_A);
        Register register = restarted.expect(Register.class);

        restarted.send(new Welcome(LocalProtocol.VERSION, "pod-a", List.of(LocalProtocol.CAP_SNAPSHOT_AT)));

        assertThat(restarted.expectSnapshot().devices()).as("the first snapshot left before the welcome, without times")
                .containsExactly(new HeldDevice(IMEI_A, register.conn(), register.at()));
    }

    @Test
    void snapshot_whenTheSidecarReturnsWithoutSnapshotAt_thenEntriesWithoutAtAgain() throws IOException {
        FakeSidecar newer = attached();
        newer.send(new Welcome(LocalProtocol.VERSION, "pod-a", List.of(LocalProtocol.CAP_SNAPSHOT_AT)));
        newer.expectSnapshot();
        device(IMEI_A);
        Register register = newer.expect(Register.class);
        newer.send(new Resync());
        assertThat(newer.expectSnapshot().devices()).containsExactly(new HeldDevice(IMEI_A, register.conn(), register.at()));
        newer.close();
        Poll.until(Poll.DEFAULT_DEADLINE, "the client to notice the sidecar left", () -> !clients.get(0).isConnected());

        FakeSidecar older = sidecar();
        older.expect(Hello.class);
        FullSnapshot beforeItsWelcome = older.expectSnapshot();
        older.send(new Welcome(LocalProtocol.VERSION, "pod-a"));
        older.send(new Resync());
        FullSnapshot afterItsWelcome = older.expectSnapshot();

        assertThat(beforeItsWelcome.devices()).containsExactly(new HeldDevice(IMEI_A, register.conn()));
        assertThat(afterItsWelcome.devices()).containsExactly(new HeldDevice(IMEI_A, register.conn()));
    }

    @Test
    void invalidLine_isCountedAndTheConnectionKept() throws IOException {
        FakeSidecar sidecar = attached();

        sidecar.sendRaw("this is not json\n");
        sidecar.send(new Ping(9));

        assertThat(sidecar.expect(Pong.class).n()).isEqualTo(9);
        assertThat(metric("teltonika_registry_invalid_lines_total{error=\"not_json\"}")).isEqualTo(1);
        assertThat(sidecar.connections()).isEqualTo(1);
    }

    @Test
    void shutdown_sendsShutdownAfterTheEventsAndReturnsTheReleasedCount() throws IOException {
        FakeSidecar sidecar = attached();
        sidecar.releaseOnShutdown(3);
        DeviceClient device = device(IMEI_A);
        Register register = sidecar.expect(Register.class);
        RegistryClient client = clients.get(0);
        long before = System.currentTimeMillis();

        OptionalInt released = client.shutdown(Duration.ofSeconds(5));

        assertThat(released).hasValue(3);
        Shutdown shutdown = sidecar.expect(Shutdown.class);
        assertThat(shutdown.seq()).isEqualTo(register.seq() + 1);
        assertThat(shutdown.at()).isGreaterThanOrEqualTo(before);
        assertThat(metric("teltonika_registry_events_total{type=\"shutdown\"}")).isEqualTo(1);
        device.close();
        sidecar.expectNone(Unregister.class, u -> true, Duration.ofMillis(300));
    }

    @Test
    void shutdown_whenTheSidecarNeverAnswers_returnsEmptyAfterTheTimeout() throws IOException {
        FakeSidecar sidecar = attached();
        long start = System.nanoTime();

        OptionalInt released = clients.get(0).shutdown(Duration.ofMillis(300));

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(released).isEmpty();
        assertThat(tookMillis).isBetween(300L, 2_000L);
        sidecar.expect(Shutdown.class);
    }

    @Test
    void shutdown_withNoSidecar_returnsEmptyWithinTheTimeout() {
        RegistryClient client = startClient();
        long start = System.nanoTime();

        OptionalInt released = client.shutdown(Duration.ofMillis(300));

        assertThat(released).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000L);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
