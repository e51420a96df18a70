package com.fleetlink.registry.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one sample from a daemon's {@code /metrics} endpoint. */
public final class MetricsScrape {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MetricsScrape() {
    }

    /**
     * The value of the sample written exactly as {@code series} (name plus labels, e.g.
     * {@code teltonika_registry_refused_peers_total{reason="credentials"}}), 0 when absent.
     */
    public static double value(int port, String series) {
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("scraping port " + port + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while scraping");
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
