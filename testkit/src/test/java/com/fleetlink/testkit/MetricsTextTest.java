package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    private static final MetricsText TEXT = MetricsText.of("""
            # TYPE teltonika_packets_total counter
            teltonika_packets_total{codec="08"} 3.0
            teltonika_packets_total{codec="8E"} 5.0 1700000000000
            teltonika_connections_open 2.0
            """);

    @Test
    void value_readsTheSampleWrittenExactlySo_labelsIncluded_andIgnoresATimestamp() {
        assertThat(TEXT.value("teltonika_packets_total{codec=\"08\"}")).isEqualTo(3.0);
        assertThat(TEXT.value("teltonika_packets_total{codec=\"8E\"}")).isEqualTo(5.0);
        assertThat(TEXT.value("teltonika_connections_open")).isEqualTo(2.0);
    }

    @Test
    void value_whenTheSampleIsAbsent_fails_whileValueOrZeroCountsItAsZero() {
        assertThatThrownBy(() -> TEXT.value("teltonika_packets_total")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no sample teltonika_packets_total");
        assertThat(TEXT.valueOrZero("teltonika_packets_total{codec=\"10\"}")).isZero();
    }

    @Test
    void scrape_readsAnInProcessRegistryInTheTextFormat() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("teltonika_handshakes_total").labelNames("result").register(registry)
                .labelValues("accepted").inc(4);

        assertThat(MetricsText.scrape(registry).value("teltonika_handshakes_total{result=\"accepted\"}")).isEqualTo(4.0);
    }
}
