package com.fleetlink.protocol.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What a daemon does with its process metrics, alone in a JVM: register them, then one scrape to stdout. */
final class RegisterAndScrape {
    private RegisterAndScrape() {
    }

    public static void main(String[] args) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        ProcessMetrics.register(registry, new BuildInfo("1.2.3", "abc1234"));
        PrometheusTextFormatWriter.create().write(System.out, registry.scrape());
    }
}
