package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SharedRedis;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.Poll;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "drain on handshake" in a real daemon, against a real {@code redis-server}, with the test in
 * the ingestion's place on the real Unix socket: what it costs Redis for a device without a command
 * (counted by Redis itself: {@code INFO commandstats}, which counts the commands scripts call too; a
 * handshake storm is mostly such devices), and that a storm larger than the checks allowed at once
 * still brings every queued command out.
 */
@Tag("integration")
class ClaimOnRegisterIntegrationTest {
    private static final String ID = "pod-a";
    private static final String REGISTRY = "connections:registry";
    private static final int DEVICES = 20;
    /** Calls a window may see besides the registrations': a heartbeat and an anti-entropy pass (30 s periods). */
    private static final int OTHER_CALLS = 3;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SharedRedis REDIS = new SharedRedis();

    private final RedisCommands<String, String> sync = REDIS.sync();

    @TempDir
    Path dir;

    private SidecarDaemon daemon;
    private LocalClient ingestion;

    @AfterEach
    void stop() throws Exception {
        if (ingestion != null) {
            ingestion.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void registration_whenTheDeviceHasNoCommand_thenOneReadAndNoCommandScript() throws Exception {
        attach(CommandDispatchOptions.defaults());
        sync.configResetstat();

        for (int i = 0; i < DEVICES; i++) {
            int registered = i + 1;
            ingestion.send(new Register(imei(i), registered, System.currentTimeMillis(), registered));
            // The device's command work reads EXISTS once its registration landed (the heartbeat
            // check before a claim, or the one read that replaces the claim): wait for it.
            Poll.until(WAIT, "registration " + registered + " and its command read", () ->
                    sync.hlen(REGISTRY) == registered && calls().getOrDefault("exists", 0L) >= registered);
        }

        Map<String, Long> calls = calls();
        assertThat(calls.getOrDefault("evalsha", 0L)).as("scripts run, one registration each: %s", calls)
                .isLessThanOrEqualTo(DEVICES + OTHER_CALLS);
        assertThat(calls.getOrDefault("exists", 0L)).as("reads, one per registration: %s", calls)
                .isLessThanOrEqualTo(DEVICES + OTHER_CALLS);
        // Commands scripts call count too: the sweep's and the outbox drain's LRANGE, the claim's GET and LINDEX.
        assertThat(calls).as("no sweep, outbox drain or claim").doesNotContainKeys("lrange", "get", "lindex");
    }

    @Test
    void registrations_whenMoreDevicesWithACommandThanChecksAtOnce_thenEachCommandIsWritten() throws Exception {
        int devices = 4 * RegisterChecks.MAX_RUNNING;
        RedisCommandStore store = new RedisCommandStore(REDIS.async(), CommandStoreOptions.DEFAULTS);
        for (int i = 0; i < devices; i++) {
            CommandRequest request = new CommandRequest("c" + i, imei(i), "ops", "getver".getBytes(StandardCharsets.UTF_8), true,
                    12, CommandRequest.DEFAULT_EXPIRE, Duration.ofSeconds(30), false, false, 1);
            assertThat(store.enqueue(request).toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(EnqueueResult.Accepted.class);
        }
        // The periodic sweep waits a minute: only the registrations can bring the commands out.
        attach(new CommandDispatchOptions(true, List.of(), CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT, Duration.ofMinutes(1),
                CommandDispatchOptions.DEFAULT_CLAIM_LEASE, CommandDispatchOptions.DEFAULT_LEASE_MARGIN, CommandStoreOptions.DEFAULTS));

        for (int i = 0; i < devices; i++) {
            ingestion.send(new Register(imei(i), i + 1, System.currentTimeMillis(), i + 1));
        }

        Set<String> written = new HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (written.size() < devices && System.nanoTime() < deadline) {
            String line = ingestion.nextLine(Duration.ofMillis(100));
            if (line != null && LocalProtocolCodec.decode(line) instanceof ParsedLine.Parsed p && p.message() instanceof Command c) {
                written.add(c.id());
            }
        }
        assertThat(written).hasSize(devices);
    }

    /** Starts the daemon (30 s heartbeats and anti-entropy) and an ingestion that lists {@code cmd}, holding nothing yet. */
    private void attach(CommandDispatchOptions commands) throws Exception {
        Path socket = dir.resolve("run/registry.sock");
        daemon = SidecarHarness.start(SidecarOptions.defaults(ID), commands, REDIS.uri(), socket);
        ingestion = LocalClient.connect(socket);
        ingestion.send(new Hello(LocalProtocol.VERSION, 42, "boot-1", List.of(LocalProtocol.CAP_COMMANDS)));
        assertThat(ingestion.await(Welcome.class, WAIT).caps()).contains(LocalProtocol.CAP_COMMANDS);
        ingestion.send(new Snapshot("s1", List.of(), true));
        Poll.until(WAIT, "the sidecar listens for wake-ups", () -> sync.pubsubNumsub(CommandKeys.wakeChannel(ID))
                .getOrDefault(CommandKeys.wakeChannel(ID), 0L) > 0);
    }

    private static String imei(int i) {
        return Long.toString(356_307_042_440_000L + i);
    }

    /** Calls since the reset by command name, from {@code INFO commandstats} ({@code cmdstat_<name>:calls=N,...}). */
    private Map<String, Long> calls() {
        Map<String, Long> calls = new TreeMap<>();
        sync.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_")).forEach(line -> {
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            String count = line.substring(line.indexOf("calls=") + "calls=".length(), line.indexOf(','));
            calls.put(name, Long.parseLong(count));
        });
        return calls;
    }
}
