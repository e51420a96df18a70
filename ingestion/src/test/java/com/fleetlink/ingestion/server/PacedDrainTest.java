package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.Packets;
import com.fleetlink.protocol.http.MetricsHttpServer;
import com.fleetlink.testkit.MetricsText;
import com.fleetlink.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drain(2s)} with 50 devices over real TCP: the listener closes and {@code /readyz} turns
 * unready at once, then the sockets close spread over the duration, oldest first, each after the
 * ACK it owes, and the drain returns when the last one has closed.
 */
class PacedDrainTest {
    private static final int DEVICES = 50;
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** A fifth of the drain: evenly paced, 10 closes fall in any such window. */
    private static final Duration WINDOW = DRAIN.dividedBy(5);
    private static final int EVEN_PER_WINDOW = DEVICES / 5;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HandCompletedSink sink = new HandCompletedSink();
    private final IngestionMetrics metrics = new IngestionMetrics();
    private final List<DeviceClient> devices = new ArrayList<>();
    private final ExecutorService watchers = Executors.newFixedThreadPool(DEVICES);
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestionServer server;
    private MetricsHttpServer probes;

    /** When a device saw its socket close, and what the server sent before. */
    private record Closed(long nanos, byte[] received) {
    }

    @AfterEach
    void stop() throws IOException {
        server.stop();
        probes.close();
        watchers.shutdownNow();
        for (DeviceClient device : devices) {
            device.close();
        }
    }

    @Test
    void drain_whenFiftyDevicesOverTwoSeconds_thenClosesSpreadOldestFirstAfterOwedAcks() throws Exception {
        server = TestServers.start(TestServers.config(), sink, metrics);
        probes = MetricsHttpServer.start("127.0.0.1", 0, metrics.registry(), () -> true, server::isListening);
        int port = server.port();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(DeviceClient.connect(port, String.format("3563070424%05d", i)));
        }
        assertThat(readyz()).isEqualTo(200);
        // The oldest device owes an ACK when the drain starts: it may close only once that is sent.
        devices.get(0).send(Packets.avl(Codec.CODEC_8, 2));
        HandCompletedSink.Pending pending = sink.awaitBatch(DEADLINE);
        List<CompletableFuture<Closed>> closes = devices.stream()
                .map(d -> CompletableFuture.supplyAsync(() -> awaitClosed(d), watchers)).toList();

        long start = System.nanoTime();
        CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
            server.drain(DRAIN);
            return System.nanoTime();
        });
        Poll.until(DEADLINE, "/readyz to answer 503", () -> readyz() == 503);
        long doneSoFar = closes.stream().filter(CompletableFuture::isDone).count();
        assertThat(doneSoFar).as("sockets closed when /readyz turned unready").isLessThanOrEqualTo(DEVICES / 10);
        assertThatThrownBy(() -> DeviceClient.connect(port).close()).isInstanceOf(ConnectException.class);

        closes.get(1).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(closes.get(0)).as("the oldest socket waits for its ACK").isNotDone();
        pending.complete();
        long returned = drained.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        List<Closed> seen = new ArrayList<>();
        for (CompletableFuture<Closed> close : closes) {
            seen.add(close.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertThat(seen.get(0).received()).as("the ACK sent before the close").containsExactly(0, 0, 0, 2);
        List<Long> offsets = seen.stream().map(c -> c.nanos() - start).sorted().toList();
        assertThat(Duration.ofNanos(offsets.get(DEVICES - 1))).as("last close")
                .isGreaterThanOrEqualTo(DRAIN.multipliedBy(6).dividedBy(10));
        assertThat(Windows.busiest(offsets, WINDOW)).as("most closes in any %d ms", WINDOW.toMillis())
                .isLessThanOrEqualTo(2 * EVEN_PER_WINDOW);
        long lastOfFirstTen = seen.subList(0, 10).stream().mapToLong(Closed::nanos).max().orElseThrow();
        long firstOfLastTen = seen.subList(DEVICES - 10, DEVICES).stream().mapToLong(Closed::nanos).min().orElseThrow();
        assertThat(lastOfFirstTen).as("the ten oldest close before the ten youngest").isLessThan(firstOfLastTen);
        assertThat(Duration.ofNanos(returned - start)).as("the drain returns within its duration and the ACK wait")
                .isLessThan(DRAIN.plusSeconds(2));
        MetricsText scraped = MetricsText.scrape(metrics.registry());
        assertThat(scraped.value("teltonika_drain_closed_total")).isEqualTo(DEVICES);
        assertThat(scraped.value("teltonika_drain_remaining")).isZero();
    }

    private static Closed awaitClosed(DeviceClient device) {
        try {
            byte[] received = device.awaitClosed(DEADLINE);
            return new Closed(System.nanoTime(), received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readyz() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probes.port() + "/readyz")).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
