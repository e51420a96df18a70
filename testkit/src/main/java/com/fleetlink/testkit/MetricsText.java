package com.fleetlink.testkit;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * One scrape of metrics in the Prometheus text format, read back the way a scraper sees it: by
 * sample name and label text, so tests check the exported names and not the Java objects behind them.
 */
public final class MetricsText {
    private final String text;

    private MetricsText(String text) {
        this.text = text;
    }

    /** The exposition text {@code text}, e.g. what {@code /metrics} answered. */
    public static MetricsText of(String text) {
        return new MetricsText(text);
    }

    /** Scrapes {@code registry} now, in this process. */
    public static MetricsText scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MetricsText(out.toString(StandardCharsets.UTF_8));
    }

    /** Scrapes {@code registry} until {@code sample} has {@code value}; fails after {@link Poll#DEFAULT_DEADLINE}. */
    public static void awaitValue(PrometheusRegistry registry, String sample, double value) {
        Poll.until(Poll.DEFAULT_DEADLINE, sample + " == " + value, () -> scrape(registry).value(sample) == value);
    }

    /**
     * The value of the sample written exactly as {@code sample}, a name with its labels in braces
     * when it has any, e.g. {@code teltonika_packets_total{codec="08"}}; fails when there is no such line.
     */
    public double value(String sample) {
        return find(sample).orElseThrow(() -> new AssertionError("no sample " + sample + " in the scrape:\n" + text));
    }

    /** {@link #value}, or 0 when the sample has not appeared yet: a labelled counter that never moved. */
    public double valueOrZero(String sample) {
        return find(sample).orElse(0);
    }

    private OptionalDouble find(String sample) {
        String prefix = sample + " ";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                // A sample line may end with a timestamp after the value.
                return OptionalDouble.of(Double.parseDouble(line.substring(prefix.length()).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }

    /** The whole scrape, for failure messages and checks on the text itself. */
    @Override
    public String toString() {
        return text;
    }
}
