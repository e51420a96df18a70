package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stop()} with devices connected: ACKs already owed still go out, then everything closes. */
class GracefulStopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final HandCompletedSink sink = new HandCompletedSink();
    private IngestionServer server;

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void stop_whenAckPendingOnSink_thenAckDeliveredBeforeCloseAndPortRefused() throws Exception {
        server = TestServers.start(TestServers.config(), sink, new IngestionMetrics());
        int port = server.port();
        try (DeviceClient busy = DeviceClient.connect(port); DeviceClient quiet = DeviceClient.connect(port)) {
            assertThat(busy.handshake("356307042441013")).isEqualTo(1);
            assertThat(quiet.handshake("352093081452251")).isEqualTo(1);
            busy.send(Packets.avl(Codec.CODEC_8, 2));
            HandCompletedSink.Pending pending = sink.awaitBatch(DEADLINE);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            // The listening socket closes first; once it refuses, the drain is under way.
            Poll.until(DEADLINE, "port " + port + " refuses connections", () -> refuses(port));
            assertThat(quiet.awaitClosed(DEADLINE)).isEmpty();
            assertThat(stopping).as("stop waits for the pending ACK").isNotDone();

            pending.complete();

            assertThat(busy.readAck()).isEqualTo(2);
            assertThat(busy.awaitClosed(DEADLINE)).isEmpty();
            stopping.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(sink.isClosed()).isTrue();
        assertThatThrownBy(() -> DeviceClient.connect(port).close()).isInstanceOf(ConnectException.class);
    }

    private static boolean refuses(int port) {
        try (DeviceClient probe = DeviceClient.connect(port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }
}
