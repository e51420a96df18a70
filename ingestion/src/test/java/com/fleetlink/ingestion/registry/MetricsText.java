package com.fleetlink.ingestion.registry;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads one series from a registry the way a scrape sees it, so the test checks the exported names. */
final class MetricsText {
    private MetricsText() {
    }

    /**
     * The value of {@code series} (name plus labels exactly as exposed, e.g.
     * {@code teltonika_registry_events_total{type="register"}}), or {@code NaN} when it is absent.
     */
    static double value(PrometheusRegistry registry, String series) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }
}
