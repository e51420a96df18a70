package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.CommandCli;
import com.fleetlink.systemtests.support.CommandView;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound commands over real processes (design §9): two pods on one redis-server, devices on real
 * sockets that read the Codec 12 commands written to them and answer or stay silent, and the
 * reference client ({@code registry-sidecar send|commands}) run from the sidecar's jar. A command
 * reaches its device on whichever pod holds it, waits for an offline device until its handshake or
 * its expiry, follows a device that moves, and ends {@code unknown} (or is retried) when its holder dies.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandsIT {
    /** Sweeps often, so a lapsed lease is found soon after it lapses. */
    private static final Duration A_SWEEP = Duration.ofMillis(300);
    /**
     * Never sweeps within a test: whatever B claims, it claims on a wake-up, a registration or the
     * end of the previous command, so the handshake bound below measures the drain on handshake alone.
     */
    private static final Duration B_SWEEP = Duration.ofMinutes(5);
    /** The sidecar's lease margin after a write (not a flag: CommandDispatchOptions.DEFAULT_LEASE_MARGIN). */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /** A CLI run is a JVM start on a busy 2-core machine. */
    private static final Duration CLI = Duration.ofSeconds(30);
    /** From an enqueue (a CLI run) to its device, with the JVM start in it. */
    private static final Duration DELIVERY = Duration.ofSeconds(15);
    private static final Duration HANDSHAKE_TO_WRITE = Duration.ofSeconds(1);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Set<String> TERMINAL = Set.of("responded", "sent_no_reply", "unknown", "expired",
            "rejected_imei", "cancelled");

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    static Path dir;

    private static RedisServer redis;
    private static RegistryView registry;
    private static RegistryAwaits await;
    private static CommandView commands;
    private static CommandCli cli;
    private static Pod a;
    private static Pod b;

    private final List<Device> devices = new ArrayList<>();

    @BeforeAll
    static void startPods() throws Exception {
        redis = RedisServers.start();
        registry = RegistryView.connect(redis.uri());
        await = new RegistryAwaits(registry, CHILDREN::tails);
        commands = CommandView.connect(redis.uri());
        cli = new CommandCli(redis.uri(), dir, CHILDREN);
        a = PodSettings.fast("pod-a").withCommandSweepInterval(A_SWEEP).launch(CHILDREN, redis.uri(), dir);
        b = PodSettings.fast("pod-b").withCommandSweepInterval(B_SWEEP).launch(CHILDREN, redis.uri(), dir);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterEach
    void closeDevices() {
        devices.forEach(Device::close);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        commands.close();
        registry.close();
        redis.close();
    }

    private Device connect(Pod pod, String imei) {
        Device device = Device.connect(pod.port(), imei);
        devices.add(device);
        await.owner(imei, pod.id());
        return device;
    }

    /** Enqueues each of {@code sends} ({@code --imei IMEI --id ID ...}) with a CLI run of its own, side by side. */
    private static void send(List<List<String>> sends) {
        List<CommandCli.Running> runs = new ArrayList<>();
        for (List<String> args : sends) {
            List<String> all = new ArrayList<>(args);
            all.add("--json");
            runs.add(cli.start("send", all.toArray(String[]::new)));
        }
        for (CommandCli.Running run : runs) {
            CommandCli.Result sent = run.finish(CLI);
            assertThat(sent.exitCode()).as("send exit code; stderr: " + sent.stderr()).isZero();
            assertThat(sent.single().path("status").asText()).as("accepted").isEqualTo("queued");
        }
    }

    private static String send(String imei, String id, String text, String... options) {
        List<String> args = new ArrayList<>(List.of("--imei", imei, "--id", id, "--text", text));
        args.addAll(List.of(options));
        send(List.of(args));
        return id;
    }

    private static Map<String, String> awaitStatus(String imei, String id, Duration timeout, String status) {
        Waits.until(timeout, id + " " + status, () -> status.equals(commands.status(imei, id)), CHILDREN::tails);
        return commands.command(imei, id);
    }

    private static Map<String, String> awaitTerminal(String imei, String id, Duration timeout) {
        Waits.until(timeout, id + " terminal", () -> TERMINAL.contains(commands.status(imei, id)), CHILDREN::tails);
        return commands.command(imei, id);
    }

    private static long millis(Map<String, String> command, String field) {
        return Long.parseLong(command.get(field));
    }

    @Test
    void sendWaitJson_toADeviceOnEitherPod_endsRespondedWithTheDevicesAnswer() {
        Device onA = connect(a, Imeis.nth(100));
        Device onB = connect(b, Imeis.nth(101));

        CommandCli.Running toA = cli.start("send", "--imei", onA.imei(), "--id", "ver-a", "--text", "getver",
                "--wait", "--json", "--response-timeout", "10s");
        CommandCli.Running toB = cli.start("send", "--imei", onB.imei(), "--id", "ver-b", "--text", "getver",
                "--wait", "--json", "--response-timeout", "10s");
        assertThat(onA.awaitCommand(DELIVERY)).isEqualTo("getver");
        onA.answer("Ver:03.27.07 on A");
        assertThat(onB.awaitCommand(DELIVERY)).isEqualTo("getver");
        onB.answer("Ver:03.27.07 on B");

        for (var run : List.of(Map.entry(toA, "A"), Map.entry(toB, "B"))) {
            CommandCli.Result r = run.getKey().finish(CLI);
            assertThat(r.exitCode()).as("send --wait exit code; stderr: " + r.stderr()).isZero();
            JsonNode c = r.single();
            assertThat(c.path("status").asText()).isEqualTo("responded");
            assertThat(c.path("result").asText()).isEqualTo("Ver:03.27.07 on " + run.getValue());
            assertThat(c.path("writes").asInt()).isEqualTo(1);
            assertThat(c.path("owner").asText()).isEqualTo("pod-" + run.getValue().toLowerCase());
        }
    }

    @Test
    void queuedForAnOfflineDevice_isWrittenWithinASecondOfItsHandshakeOnB() {
        String imei = Imeis.nth(200);
        String id = send(imei, "queued-1", "getgps", "--response-timeout", "10s");

        Device onB = Device.connect(b.port(), imei);
        devices.add(onB);
        long connected = System.nanoTime();
        assertThat(onB.awaitCommand(SETTLE)).isEqualTo("getgps");
        Duration toWrite = Duration.ofNanos(System.nanoTime() - connected);
        System.out.printf("queued command written %d ms after the handshake%n", toWrite.toMillis());
        assertThat(toWrite).as("handshake to the command's write").isLessThanOrEqualTo(HANDSHAKE_TO_WRITE);
        onB.answer("GPS:1 Sat:9");

        Map<String, String> done = awaitStatus(imei, id, SETTLE, "responded");
        assertThat(done).containsEntry("result", "GPS:1 Sat:9").containsEntry("owner", "pod-b")
                .containsEntry("writes", "1");
    }

    @Test
    void expiredBeforeTheDeviceConnects_isNeverWritten_andListedExpired() {
        String imei = Imeis.nth(300);
        String id = send(imei, "late-1", "setdigout 1", "--expire", "1s");
        long expireAt = millis(commands.command(imei, id), "expire_at");

        Waits.until(SETTLE, "a second past the expiry", () -> commands.nowMillis() >= expireAt + 1000, CHILDREN::tails);
        Device onB = Device.connect(b.port(), imei);
        devices.add(onB);
        await.owner(imei, b.id());
        onB.expectNoCommandFor(Duration.ofSeconds(1));

        CommandCli.Result listed = cli.run(CLI, "commands", "--imei", imei, "--json");
        assertThat(listed.exitCode()).as("commands exit code; stderr: " + listed.stderr()).isZero();
        JsonNode c = listed.single();
        assertThat(c.path("id").asText()).isEqualTo(id);
        assertThat(c.path("status").asText()).isEqualTo("expired");
        assertThat(c.path("writes").asInt()).isZero();
    }

    @Test
    void deviceMovingFromAToBMidQueue_everyCommandEnds_noneWrittenTwice_theRestThroughB() {
        String imei = Imeis.nth(400);
        Device onA = connect(a, imei);
        List<String> ids = List.of("move-1", "move-2", "move-3");
        send(ids.stream().map(id -> List.of("--imei", imei, "--id", id, "--text", "cmd " + id,
                "--response-timeout", "10s")).toList());
        Map<String, Integer> received = new HashMap<>();

        String first = onA.awaitCommand(DELIVERY);
        received.merge(first, 1, Integer::sum);
        onA.answer("done " + first);
        // The second is written, and the device leaves without answering it.
        String second = onA.awaitCommand(DELIVERY);
        received.merge(second, 1, Integer::sum);
        onA.close();
        String secondId = second.substring("cmd ".length());
        Map<String, String> unanswered = awaitTerminal(imei, secondId, SETTLE);
        assertThat(unanswered.get("status")).as(secondId + ", closed after its write").isEqualTo("unknown");

        Device onB = connect(b, imei);
        String third = onB.awaitCommand(SETTLE);
        received.merge(third, 1, Integer::sum);
        onB.answer("done " + third);
        onB.expectNoCommandFor(Duration.ofSeconds(1));

        assertThat(received).as("commands received, by text").containsOnlyKeys(ids.stream().map(i -> "cmd " + i).toList())
                .allSatisfy((text, count) -> assertThat(count).as(text).isEqualTo(1));
        for (String id : ids) {
            Map<String, String> c = awaitTerminal(imei, id, SETTLE);
            assertThat(millis(c, "writes")).as(id + " writes").isLessThanOrEqualTo(millis(c, "max_attempts"));
        }
        String thirdId = third.substring("cmd ".length());
        assertThat(commands.command(imei, thirdId)).containsEntry("status", "responded")
                .containsEntry("owner", "pod-b").containsEntry("result", "done " + third);
    }

    /**
     * A third pod holds two devices whose commands are written and not answered, and dies by
     * SIGKILL. The commands' leases (response timeout plus the margin after the write) lapse, and
     * A's sweep ends the one allowed a single write {@code unknown}; the one allowed two goes back
     * to the queue and is written again through A, where its device reconnected.
     */
    @Test
    void holderKilledMidCommand_endsUnknownWhenTheLeaseLapses_orIsWrittenAgainWhereTheDeviceReconnects() {
        // Long enough that the pod is killed before it passes: the lease, not the timeout, must end them.
        Duration responseTimeout = Duration.ofSeconds(4);
        Pod c = PodSettings.fast("pod-c").start(CHILDREN, redis.uri(), dir);
        Device once = connect(c, Imeis.nth(500));
        Device twice = connect(c, Imeis.nth(501));
        String onceId = "kill-once";
        String twiceId = "kill-twice";
        String timeout = responseTimeout.toMillis() + "ms";
        send(List.of(List.of("--imei", once.imei(), "--id", onceId, "--text", "cpureset", "--response-timeout", timeout),
                List.of("--imei", twice.imei(), "--id", twiceId, "--text", "cpureset", "--response-timeout", timeout,
                        "--max-attempts", "2")));
        assertThat(once.awaitCommand(DELIVERY)).isEqualTo("cpureset");
        assertThat(twice.awaitCommand(DELIVERY)).isEqualTo("cpureset");
        awaitStatus(once.imei(), onceId, SETTLE, "sent");
        awaitStatus(twice.imei(), twiceId, SETTLE, "sent");

        for (ChildProcess p : List.of(c.ingestion().process(), c.sidecar().process())) {
            p.kill();
            p.awaitExit(SETTLE);
        }
        Device again = connect(a, twice.imei());

        Map<String, String> lapsed = awaitStatus(once.imei(), onceId, SETTLE.plus(SETTLE), "unknown");
        long afterWrite = millis(lapsed, "finished_at") - millis(lapsed, "sent_at");
        Duration lease = responseTimeout.plus(LEASE_MARGIN);
        System.out.printf("holder killed: unknown %d ms after the write, lease %d ms%n", afterWrite, lease.toMillis());
        assertThat(lapsed).containsEntry("reason", "lease_lapsed").containsEntry("writes", "1");
        assertThat(afterWrite).as("ms from the write to unknown").isGreaterThanOrEqualTo(lease.toMillis())
                .isLessThanOrEqualTo(lease.plus(A_SWEEP).plusSeconds(1).toMillis());

        assertThat(again.awaitCommand(SETTLE.plus(SETTLE))).isEqualTo("cpureset");
        again.answer("Reset OK");
        Map<String, String> retried = awaitStatus(twice.imei(), twiceId, SETTLE, "responded");
        assertThat(retried).containsEntry("result", "Reset OK").containsEntry("owner", "pod-a")
                .containsEntry("writes", "2").containsEntry("attempt", "2");
    }
}
