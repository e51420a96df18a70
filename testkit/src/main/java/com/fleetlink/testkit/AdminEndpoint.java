package com.fleetlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A daemon's HTTP endpoint on loopback (design §7): {@code /metrics} read the way Prometheus
 * scrapes it, and the {@code /livez} and {@code /readyz} probes an orchestrator acts on.
 */
public final class AdminEndpoint {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    private AdminEndpoint(int port) {
        this.port = port;
    }

    /** The endpoint served on {@code port}. */
    public static AdminEndpoint onPort(int port) {
        return new AdminEndpoint(port);
    }

    /** The port it is served on. */
    public int port() {
        return port;
    }

    /**
     * The value of the sample written exactly as {@code series} (a name, with its labels in braces
     * when it has any), or 0 when the series has not appeared yet — a counter that never moved.
     */
    public double value(String series) {
        return scrape().valueOrZero(series);
    }

    /** {@code /metrics} now; fails unless it answers 200. */
    public MetricsText scrape() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return MetricsText.of(response.body());
    }

    /** The HTTP status {@code path} answers, e.g. 200 from {@code /readyz} when ready. */
    public int status(String path) {
        return get(path).statusCode();
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted on GET " + path, e);
        }
    }
}
