package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.command.OutboundCommand;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.server.IngestionConfig;
import com.fleetlink.ingestion.server.IngestionServer;
import com.fleetlink.ingestion.telemetry.JsonLinesTelemetrySink;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.CommandFailed;
import com.fleetlink.protocol.local.LocalMessage.CommandReady;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalMessage.CommandSent;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Ping;
import com.fleetlink.protocol.local.LocalMessage.Pong;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client's command direction (design §9) against a real ingestion server and a fake
 * sidecar on a real Unix socket: commands in, outcomes out, each through its own bounded hand-off.
 */
class RegistryClientCommandsTest {
    private static final String IMEI = "356307042441013";
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final List<OutboundCommand> routed = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private IngestionMetrics metrics;
    private IngestionServer server;
    private FakeSidecar sidecar;

    @BeforeEach
    void start() throws Exception {
        metrics = new IngestionMetrics();
        server = new IngestionServer(IngestionConfig.defaults(0),
                JsonLinesTelemetrySink.toFile(dir.resolve("telemetry.jsonl"), 1024), metrics);
        server.start();
        sidecar = FakeSidecar.listen(dir.resolve("registry.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        server.stop();
        sidecar.close();
    }

    private RegistryClient client(RegistryClient client) {
        closing.add(0, client);
        server.sessions().setListener(client);
        client.start();
        sidecar.expect(Hello.class);
        sidecar.expectSnapshot();
        return client;
    }

    private RegistryClient withRouter(int outcomeCapacity) {
        return client(new RegistryClient(RegistryClientConfig.defaults(dir.resolve("registry.sock")),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry(), routed::add, outcomeCapacity));
    }

    private RegistryClient withRouter() {
        return withRouter(RegistryClient.OUTCOME_CAPACITY);
    }

    private void welcome(String... caps) throws IOException {
        sidecar.send(new Welcome(LocalProtocol.VERSION, "pod-a", List.of(caps)));
    }

    /** Returns once the client's reader has handled every line sent before. */
    private void barrier(long n) throws IOException {
        sidecar.send(new Ping(n));
        sidecar.expect(Pong.class, p -> p.n() == n);
    }

    private double metric(String series) {
        return MetricsText.scrape(metrics.registry()).valueOrZero(series);
    }

    private static Command command(String id) {
        return new Command(id, IMEI, 7, 2, 12, "getinfo".getBytes(StandardCharsets.US_ASCII), 30_000, true, Command.NO_DEADLINE);
    }

    @Test
    void hello_withoutARouter_listsNoCmd() throws IOException {
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(dir.resolve("registry.sock")),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry());
        closing.add(client);
        client.start();

        assertThat(sidecar.expect(Hello.class).caps()).doesNotContain(LocalProtocol.CAP_COMMANDS);
    }

    @Test
    void hello_withARouter_listsCmd() {
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(dir.resolve("registry.sock")),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry(), routed::add);
        closing.add(client);
        client.start();

        assertThat(sidecar.expect(Hello.class).caps()).contains(LocalProtocol.CAP_COMMANDS);
    }

    @Test
    void commandLine_whenTheWelcomeListsCmd_reachesTheRouterAsTheOutboundCommand() throws IOException {
        withRouter();
        welcome(LocalProtocol.CAP_COMMANDS);

        long expired = System.currentTimeMillis() - 1;
        sidecar.send(new Command("c-1", IMEI, 7, 2, 14, new byte[] {0, (byte) 0xff, '\n'}, 30_000, false, expired));

        Poll.until(Poll.DEFAULT_DEADLINE, "the command at the router", () -> !routed.isEmpty());
        OutboundCommand command = routed.get(0);
        assertThat(command.id()).isEqualTo("c-1");
        assertThat(command.imei()).isEqualTo(IMEI);
        assertThat(command.conn()).isEqualTo(7);
        assertThat(command.attempt()).isEqualTo(2);
        assertThat(command.codec()).isEqualTo(14);
        assertThat(command.payload()).containsExactly(0, 0xff, '\n');
        assertThat(command.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(command.expectsReply()).isFalse();
        assertThat(command.deadline().passed()).as("a deadline in the past").isTrue();
        assertThat(metric("teltonika_registry_commands_total")).isEqualTo(1);
    }

    @Test
    void outcomes_reachTheSidecarAsTheirLinesInOrder() throws IOException {
        RegistryClient client = withRouter();
        welcome(LocalProtocol.CAP_COMMANDS);
        barrier(1);
        byte[] response = "RTC:2025/1/1 Init".getBytes(StandardCharsets.UTF_8);

        client.report(new CommandOutcome.Sent("c-1", IMEI, 7, 2, 100));
        client.report(new CommandOutcome.Failed("c-2", IMEI, 7, 1, CommandFailReason.BUSY, false, 101));
        client.report(new CommandOutcome.Result("c-1", IMEI, 7, 2, response, true, 102));
        client.report(new CommandOutcome.Ready(IMEI, 7));

        assertThat(sidecar.expect(CommandSent.class)).isEqualTo(new CommandSent("c-1", IMEI, 7, 2, 100));
        assertThat(sidecar.expect(CommandFailed.class)).isEqualTo(new CommandFailed("c-2", IMEI, 7, 1, "busy", false, 101));
        assertThat(sidecar.expect(CommandResult.class)).isEqualTo(new CommandResult("c-1", IMEI, 7, 2, response, true, 102));
        assertThat(sidecar.expect(CommandReady.class)).isEqualTo(new CommandReady(IMEI, 7));
        List<String> order = sidecar.lines().stream().map(l -> l.message().type()).filter(t -> t.startsWith("command_")).toList();
        assertThat(order).containsExactly("command_sent", "command_failed", "command_result", "command_ready");
        assertThat(metric("teltonika_registry_command_outcomes_total{type=\"command_result\"}")).isEqualTo(1);
        assertThat(sidecar.invalidLines()).isEmpty();
    }

    @Test
    void welcomeWithoutCmd_thenCommandsAreIgnoredAndNoOutcomeLineIsWritten() throws IOException {
        RegistryClient client = withRouter();
        welcome(LocalProtocol.CAP_SNAPSHOT_AT);

        sidecar.send(command("c-1"));
        barrier(1);
        client.report(new CommandOutcome.Sent("c-0", IMEI, 7, 1, 100));

        MetricsText.awaitValue(metrics.registry(), "teltonika_registry_command_outcomes_dropped_total", 1);
        assertThat(routed).isEmpty();
        assertThat(metric("teltonika_registry_commands_ignored_total")).isEqualTo(1);
        barrier(2);
        sidecar.expectNone(CommandSent.class, m -> true, QUIET);
    }

    @Test
    void fullOutcomeHandoff_dropsAndCountsWithoutTouchingRegistryEvents() throws IOException {
        // Until the welcome says whether the sidecar takes outcomes, they wait: the hand-off fills.
        RegistryClient client = withRouter(4);
        for (int i = 0; i < 10; i++) {
            client.report(new CommandOutcome.Sent("c-" + i, IMEI, 7, 1, i));
        }
        DeviceClient device = DeviceClient.connect(server.port(), IMEI);
        closing.add(device);

        assertThat(sidecar.expect(Register.class).imei()).isEqualTo(IMEI);
        assertThat(metric("teltonika_registry_command_outcomes_dropped_total")).isEqualTo(6);
        assertThat(metric("teltonika_registry_events_dropped_total")).isZero();
        welcome(LocalProtocol.CAP_COMMANDS);
        for (int i = 0; i < 4; i++) {
            String id = "c-" + i;
            sidecar.expect(CommandSent.class, s -> s.id().equals(id));
        }
        barrier(1);
        sidecar.expectNone(CommandSent.class, m -> true, QUIET);
        assertThat(metric("teltonika_registry_snapshots_total")).as("no repair: no event was lost").isEqualTo(1);
    }

    @Test
    void report_whileTheSidecarIsAway_dropsAndCounts() {
        RegistryClient client = new RegistryClient(RegistryClientConfig.defaults(dir.resolve("absent.sock")),
                server.sessions()::sessions, server::runOnEveryEventLoop, metrics.registry(), routed::add);
        closing.add(client);
        client.start();

        client.report(new CommandOutcome.Ready(IMEI, 7));

        assertThat(metric("teltonika_registry_command_outcomes_dropped_total")).isEqualTo(1);
    }

    @Test
    void registryEvents_keepFlowingWhileOutcomesFlood() throws Exception {
        RegistryClient client = withRouter();
        welcome(LocalProtocol.CAP_COMMANDS);
        barrier(1);
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = new Thread(() -> {
            for (long i = 0; flooding.get(); i++) {
                client.report(new CommandOutcome.Ready(IMEI, i));
            }
        }, "outcome-flood");
        flood.start();
        closing.add(() -> {
            flooding.set(false);
            flood.join();
        });
        sidecar.expect(CommandReady.class);

        DeviceClient device = DeviceClient.connect(server.port(), IMEI);
        closing.add(device);

        assertThat(sidecar.expect(Register.class).imei()).isEqualTo(IMEI);
        assertThat(metric("teltonika_registry_events_dropped_total")).isZero();
        assertThat(metric("teltonika_registry_command_outcomes_total{type=\"command_ready\"}")).isPositive();
    }
}
