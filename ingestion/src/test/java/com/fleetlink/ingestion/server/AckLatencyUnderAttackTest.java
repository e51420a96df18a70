package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.testkit.MetricsText;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * One device's ACK latency with no attack, then while 3,000 sockets that never handshake, 200
 * slowloris handshakes and 20 garbage senders hit the same server (production defaults). Prints
 * p50/p99 of both and their ratio (docs/security-ingestion.md); asserts only that every packet
 * was acknowledged and that p99 under attack stays far from the device's own timeouts.
 */
class AckLatencyUnderAttackTest {
    private static final Duration PHASE = Duration.ofSeconds(5);
    /** Trackers wait tens of seconds for an ACK; a second is already a large margin below that. */
    private static final Duration P99_CEILING = Duration.ofSeconds(1);

    @Test
    void ackLatency_whenFloodSlowlorisAndGarbageHitTheServer_thenEveryPacketAckedAndP99Bounded() throws Exception {
        IngestionMetrics metrics = new IngestionMetrics();
        IngestionServer server = TestServers.start(TestServers.config(), new AcceptingSink(), metrics);
        try (DeviceClient device = DeviceClient.connect(server.port(), "356307042441013")) {
            long[] quiet = measure(device);
            long[] attacked;
            long garbageRounds;
            try (AttackTraffic attack = new AttackTraffic(server.port())) {
                attack.flood(3_000);
                attack.slowloris(200, Duration.ofMillis(500));
                attack.garbage(20);
                attacked = measure(device);
                garbageRounds = attack.garbageRounds();
            }
            double ratio = (double) percentile(attacked, 99) / percentile(quiet, 99);
            System.out.printf(Locale.ROOT, "ack latency no attack: n=%d p50=%.3f ms p99=%.3f ms; under attack: n=%d p50=%.3f ms"
                            + " p99=%.3f ms; p99 ratio %.1f; garbage senders thrown out %d times; handshaking at end %s%n",
                    quiet.length, millis(percentile(quiet, 50)), millis(percentile(quiet, 99)),
                    attacked.length, millis(percentile(attacked, 50)), millis(percentile(attacked, 99)), ratio,
                    garbageRounds, MetricsText.scrape(metrics.registry()).value("teltonika_connections_handshaking"));

            assertThat(Duration.ofNanos(percentile(attacked, 99))).isLessThan(P99_CEILING);
            assertThat(garbageRounds).as("the garbage senders really ran").isPositive();
        } finally {
            server.stop();
        }
    }

    /** Sends one-record packets back to back for {@link #PHASE}; returns each round trip (ns), sorted. */
    private static long[] measure(DeviceClient device) throws Exception {
        long[] samples = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + PHASE.toNanos();
        while (System.nanoTime() < end && n < samples.length) {
            long sent = System.nanoTime();
            assertThat(device.sendRecord(1_700_000_000_000L + n)).isEqualTo(1);
            samples[n++] = System.nanoTime() - sent;
        }
        long[] taken = Arrays.copyOf(samples, n);
        Arrays.sort(taken);
        return taken;
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
