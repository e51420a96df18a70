package com.fleetlink.registry.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad local peer cannot stall the ingestion session nor grow the sidecar's buffers: while one
 * client floods garbage lines as fast as it can (reconnecting each time it is closed) and others
 * spam control requests without ever reading, registrations still reach Redis within
 * {@link #BOUND}, and the connection count and bytes queued for local peers stay under their caps.
 * The latency with and without the flood is printed; only the bound is asserted.
 */
@Tag("integration")
class LocalFloodIntegrationTest {
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final int REGISTRATIONS = 40;
    /** The write-buffer high-water mark of one connection, plus one status reply. */
    private static final long OUTBOUND_CAP = 256 * 1024 + 4096;
    private static final String NOT_JSON = "teltonika_registry_rejected_lines_total{reason=\"not_json\"}";

    @TempDir
    Path dir;

    @Test
    void garbageFloodAndClientsThatNeverRead_doNotStallRegistrations_norGrowBuffers() throws Exception {
        Path socket = dir.resolve("registry.sock");
        try (RedisServer redis = RedisServers.start()) {
            SidecarDaemon daemon = SidecarHarness.start(SidecarHarness.options("pod-a"), redis.uri(), socket);
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect();
                 LocalClient ingestion = LocalClient.attachEmpty(socket, "boot", BOUND)) {
                Registrations registrations = new Registrations(ingestion, connection.sync(), daemon.metricsPort());

                List<Long> quiet = registrations.measure(0);

                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong floodBytes = new AtomicLong();
                Thread flooder = new Thread(() -> flood(socket, stop, floodBytes), "garbage-flooder");
                Thread nonReaders = new Thread(() -> spamWithoutReading(socket, stop), "non-readers");
                double rejectedBefore = AdminEndpoint.onPort(daemon.metricsPort()).value(NOT_JSON);
                flooder.start();
                nonReaders.start();
                List<Long> flooded;
                try {
                    flooded = registrations.measure(REGISTRATIONS);
                } finally {
                    stop.set(true);
                    flooder.join();
                    nonReaders.join();
                }

                double rejected = AdminEndpoint.onPort(daemon.metricsPort()).value(NOT_JSON) - rejectedBefore;
                double closedForGarbage = AdminEndpoint.onPort(daemon.metricsPort())
                        .value("teltonika_registry_local_closed_total{reason=\"bad_lines\"}");
                System.out.printf("FLOOD-FIGURES quiet p50 %.2f ms max %.2f ms | flooded p50 %.2f ms max %.2f ms | "
                                + "ratio p50 %.1f | garbage %d MiB, %.0f lines rejected, %.0f connections closed for garbage | "
                                + "max outbound %d B, max connections %d%n",
                        ms(percentile(quiet, 50)), ms(Collections.max(quiet)), ms(percentile(flooded, 50)),
                        ms(Collections.max(flooded)), (double) percentile(flooded, 50) / percentile(quiet, 50),
                        floodBytes.get() >> 20, rejected, closedForGarbage, registrations.maxOutbound,
                        registrations.maxConnections);
                assertThat(rejected).isPositive();
                assertThat(closedForGarbage).as("the flood ran and was cut off").isPositive();
                assertThat(Collections.max(flooded)).isLessThan(BOUND.toNanos());
                assertThat(registrations.maxOutbound).isLessThanOrEqualTo(OUTBOUND_CAP);
                assertThat(registrations.maxConnections).isLessThanOrEqualTo(LocalSocketSettings.DEFAULT_MAX_CONNECTIONS);
            } finally {
                client.shutdown();
                daemon.close();
            }
        }
    }

    /** Registers devices one by one through the session, timing each until Redis names us; samples the gauges meanwhile. */
    private static final class Registrations {
        private final LocalClient ingestion;
        private final RedisCommands<String, String> redis;
        private final int metricsPort;
        private long seq = 1;
        long maxOutbound;
        long maxConnections;

        Registrations(LocalClient ingestion, RedisCommands<String, String> redis, int metricsPort) {
            this.ingestion = ingestion;
            this.redis = redis;
            this.metricsPort = metricsPort;
        }

        /** Latencies in ns of {@link #REGISTRATIONS} registrations, the IMEIs offset by {@code round}. */
        List<Long> measure(int round) throws IOException {
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < REGISTRATIONS; i++) {
                String imei = String.format("35630704%07d", round + i);
                long started = System.nanoTime();
                ingestion.send(new Register(imei, seq, System.currentTimeMillis(), seq));
                seq++;
                long deadline = started + BOUND.toNanos();
                while (!"pod-a".equals(redis.hget("connections:registry", imei))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("imei " + imei + " not in Redis within " + BOUND.toMillis() + " ms");
                    }
                    LockSupport.parkNanos(100_000);
                }
                latencies.add(System.nanoTime() - started);
                AdminEndpoint metrics = AdminEndpoint.onPort(metricsPort);
                maxOutbound = Math.max(maxOutbound, (long) metrics.value("teltonika_registry_local_outbound_bytes"));
                maxConnections = Math.max(maxConnections, (long) metrics.value("teltonika_registry_local_connections"));
            }
            return latencies;
        }
    }

    /** Writes garbage lines as fast as the socket takes them, reconnecting whenever the sidecar hangs up. */
    private static void flood(Path socket, AtomicBoolean stop, AtomicLong sent) {
        byte[] garbage = "this is not json at all, just noise\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        while (!stop.get()) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                while (!stop.get()) {
                    sent.addAndGet(channel.write(ByteBuffer.wrap(garbage)));
                }
            } catch (IOException e) {
                // Closed for sending garbage: connect again, which is what a hostile peer would do.
            }
        }
    }

    /**
     * Opens connections that send a burst of status requests and never read, keeping each open,
     * a handful at a time.
     */
    private static void spamWithoutReading(Path socket, AtomicBoolean stop) {
        byte[] requests = "{\"type\":\"status\"}\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        List<SocketChannel> open = new ArrayList<>();
        try {
            while (!stop.get()) {
                try {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    channel.configureBlocking(false);
                    channel.write(ByteBuffer.wrap(requests));
                    open.add(channel);
                    if (open.size() >= 8) {
                        open.remove(0).close();
                    }
                } catch (IOException e) {
                    // Refused at the connection cap, or closed by the sidecar: try again.
                }
                LockSupport.parkNanos(5_000_000);
            }
        } finally {
            for (SocketChannel channel : open) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Closing at the end of the test; nothing to do.
                }
            }
        }
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
