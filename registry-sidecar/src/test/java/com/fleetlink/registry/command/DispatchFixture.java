package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalMessage.Command;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Poll;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A real sidecar daemon against a real {@code redis-server}, with the test in the ingestion's place
 * on the real Unix socket holding one device, and a store of its own on the same Redis: what the
 * dispatcher tests of late replies and durability share. The periodic sweep is a minute, so only the
 * trigger a test makes claims.
 */
final class DispatchFixture implements AutoCloseable {
    static final String ID = "pod-a";
    static final String IMEI = "356307042441013";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SLOW_SWEEP = Duration.ofMinutes(1);

    private final RedisClient client;
    private final RedisCommands<String, String> sync;
    private final RedisCommandStore store;
    private final Path socket;
    private SidecarDaemon daemon;
    private LocalClient ingestion;

    DispatchFixture(String redisUri, Path dir) {
        client = RedisClient.create(redisUri);
        StatefulRedisConnection<String, String> connection = client.connect();
        sync = connection.sync();
        store = new RedisCommandStore(connection.async(), CommandStoreOptions.DEFAULTS);
        socket = dir.resolve("run/registry.sock");
        sync.flushall();
    }

    /** The daemon's command options: short leases, the given store options. */
    static CommandDispatchOptions options(CommandStoreOptions store) {
        return new CommandDispatchOptions(true, List.of(), CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT, SLOW_SWEEP,
                Duration.ofSeconds(1), Duration.ofMillis(300), store);
    }

    /**
     * Starts the daemon on {@code redisUri} and attaches an ingestion holding the device on socket 7
     * from its snapshot, whose field already names us: no registration lands, so only wake-ups claim.
     */
    LocalClient start(CommandDispatchOptions commands, String redisUri) throws Exception {
        daemon = SidecarHarness.start(SidecarHarness.options(ID), commands, redisUri, socket);
        sync.hset("connections:registry", IMEI, ID);
        ingestion = LocalClient.connect(socket);
        ingestion.send(new Hello(LocalProtocol.VERSION, 42, "boot-1", List.of(LocalProtocol.CAP_COMMANDS)));
        assertThat(ingestion.await(Welcome.class, WAIT).caps()).contains(LocalProtocol.CAP_COMMANDS);
        ingestion.send(new Snapshot("s1", List.of(new LocalMessage.HeldDevice(IMEI, 7)), true));
        Poll.until(WAIT, "the sidecar holds the device and listens for wake-ups", () ->
                metric("teltonika_registry_held_entries") == 1.0
                        && sync.pubsubNumsub(CommandKeys.wakeChannel(ID)).getOrDefault(CommandKeys.wakeChannel(ID), 0L) > 0
                        && sync.exists("instance:heartbeat:" + ID) == 1);
        return ingestion;
    }

    static CommandRequest request(String id, String text, int maxAttempts) {
        return new CommandRequest(id, IMEI, "ops", text.getBytes(StandardCharsets.UTF_8), true, 12,
                CommandRequest.DEFAULT_EXPIRE, Duration.ofSeconds(5), false, false, maxAttempts);
    }

    /** Enqueues through the test's own store and wakes the daemon. */
    void enqueueAndWake(CommandRequest r) throws Exception {
        assertThat(await(store.enqueue(r))).isInstanceOf(EnqueueResult.Accepted.class);
        await(store.wake(ID, IMEI));
    }

    StoredCommand stored(String id) throws Exception {
        return await(store.command(IMEI, id)).orElseThrow();
    }

    void awaitStatus(String id, CommandStatus status) {
        Poll.until(WAIT, id + " " + status.word(), () -> {
            try {
                return stored(id).status() == status;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The stream entries of one command, oldest first, as field maps. */
    List<Map<String, String>> streamEntries(String id) {
        return sync.xrange(CommandKeys.EVENTS, Range.create("-", "+")).stream()
                .filter(m -> id.equals(m.getBody().get("id"))).map(m -> m.getBody()).toList();
    }

    /** Fails when a {@code command} line arrives within {@code quiet}. */
    void assertNoCommand(Duration quiet) throws Exception {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            String line = ingestion.nextLine(Duration.ofMillis(50));
            if (line != null && LocalProtocolCodec.decode(line) instanceof ParsedLine.Parsed p && p.message() instanceof Command c) {
                throw new AssertionError("a command line came: " + c);
            }
        }
    }

    double metric(String series) {
        return AdminEndpoint.onPort(daemon.metricsPort()).value(series);
    }

    RedisCommands<String, String> sync() {
        return sync;
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (ingestion != null) {
            ingestion.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        client.shutdown();
    }
}
