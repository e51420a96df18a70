package com.fleetlink.ingestion.testkit;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One scrape of the metrics in the Prometheus text format, read back the way a scraper sees it:
 * by sample name and label text, so tests check the exported names and not our Java objects.
 */
public final class MetricsText {
    private final String text;

    private MetricsText(String text) {
        this.text = text;
    }

    /** Scrapes {@code metrics} now, including whatever else was registered in its registry. */
    public static MetricsText scrape(IngestionMetrics metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MetricsText(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * The value of the sample written as {@code sample}, e.g. {@code teltonika_packets_total{codec="08"}}
     * or {@code teltonika_connections_open}; fails when the scrape has no such line.
     */
    public double value(String sample) {
        String prefix = sample + " ";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no sample " + sample + " in the scrape:\n" + text);
    }

    /** Scrapes {@code metrics} until {@code sample} has {@code value}; fails after {@link Poll#DEFAULT_DEADLINE}. */
    public static void awaitValue(IngestionMetrics metrics, String sample, double value) {
        Poll.until(Poll.DEFAULT_DEADLINE, sample + " == " + value, () -> scrape(metrics).value(sample) == value);
    }

    /** The whole scrape, for failure messages. */
    @Override
    public String toString() {
        return text;
    }
}
