package com.fleetlink.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health and metrics endpoints over real HTTP on a free loopback port. */
class MetricsHttpServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private MetricsHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsHttpServer.start("127.0.0.1", 0, registry, () -> true, ready::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_whenCounterRegistered_thenServedInTextFormat() throws Exception {
        Counter counter = Counter.builder().name("test_requests_total").help("requests in the test").register(registry);
        counter.inc(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("# TYPE test_requests_total counter").containsPattern("(?m)^test_requests_total 3\\.0$");
    }

    @Test
    void livez_whenLive_then200() throws Exception {
        assertThat(get("/livez").statusCode()).isEqualTo(200);
    }

    @Test
    void readyz_whenSupplierSaysFalse_then503() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
    }

    @Test
    void readyz_whenSupplierTurnsTrue_then200OnTheNextRequest() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        ready.set(true);

        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPath_whenRequested_then404() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void pathThatOnlyStartsLikeAnEndpoint_whenRequested_then404() throws Exception {
        assertThat(get("/metricsfoo").statusCode()).isEqualTo(404);
        assertThat(get("/livez/extra").statusCode()).isEqualTo(404);
        assertThat(get("/readyzz").statusCode()).isEqualTo(404);
    }
}
