package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Silent sockets are closed after the idle timeout, whether or not they said their IMEI. */
class IdleTimeoutTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);
    /** The timeout plus room for a busy machine; the close must come from the timer, not from this test. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(3);

    private final IngestionMetrics metrics = new IngestionMetrics();
    private IngestionServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestServers.config(IDLE_TIMEOUT, ImeiPolicy.DIGITS_ONLY), new AcceptingSink(), metrics);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void silentSocket_whenIdleBeforeHandshake_thenClosedAfterTimeout() throws Exception {
        // Taken before connecting: the server cannot start its timer earlier than this.
        long started = System.nanoTime();
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
            assertClosedNoSoonerThanTimeoutAfter(started);
        }
    }

    @Test
    void silentSocket_whenIdleAfterHandshake_thenClosedAfterTimeout() throws Exception {
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            // Taken before sending: the server's last read, which restarts its timer, comes after this.
            long started = System.nanoTime();
            assertThat(device.handshake("356307042441013")).isEqualTo(1);

            assertThat(device.awaitClosed(CLOSE_DEADLINE)).isEmpty();
            assertClosedNoSoonerThanTimeoutAfter(started);
        }
    }

    /** Tells an idle close from an immediate one; the slack covers timer granularity only. */
    private static void assertClosedNoSoonerThanTimeoutAfter(long startedNanos) {
        assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(20));
    }

    @Test
    void idleClose_whenTimeoutFires_thenCountedWithReasonIdle() throws Exception {
        try (DeviceClient device = DeviceClient.connect(server.port())) {
            device.awaitClosed(CLOSE_DEADLINE);
        }
        Poll.until(Duration.ofSeconds(2), "idle close counted", () ->
                MetricsText.scrape(metrics.registry()).value("teltonika_connections_closed_total{reason=\"idle\"}") == 1.0);
        assertThat(MetricsText.scrape(metrics.registry()).value("teltonika_connections_closed_total{reason=\"peer_closed\"}")).isZero();
    }
}
