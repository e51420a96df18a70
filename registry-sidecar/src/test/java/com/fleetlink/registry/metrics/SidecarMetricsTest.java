package com.fleetlink.registry.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fleetlink.testkit.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.Test;

/** The per-event counters and the script histogram, whose data points are looked up once, count in the right series. */
class SidecarMetricsTest {
    private static final String RECEIVED = "teltonika_registry_lines_received_total";
    private static final String SCRIPT = "teltonika_registry_redis_script_seconds";

    @Test
    void event_countsEachTypeInItsOwnSeries_andAnUnlistedTypeGetsOne() {
        PrometheusRegistry registry = new PrometheusRegistry();
        SidecarMetrics metrics = new SidecarMetrics(registry);

        MetricsText before = MetricsText.scrape(registry);
        metrics.event("register");
        metrics.event("register");
        metrics.event("unregister");
        metrics.event("pong");
        metrics.event("command_sent");
        MetricsText after = MetricsText.scrape(registry);

        for (String type : SidecarMetrics.RECEIVED_TYPES) {
            assertThat(before.value(received(type))).as(type).isZero();
        }
        assertThat(before.valueOrZero(received("command_sent"))).isZero();
        assertThat(after.value(received("register"))).isEqualTo(2);
        assertThat(after.value(received("unregister"))).isEqualTo(1);
        assertThat(after.value(received("pong"))).isEqualTo(1);
        assertThat(after.value(received("snapshot"))).isZero();
        assertThat(after.value(received("shutdown"))).isZero();
        assertThat(after.value(received("command_sent"))).isEqualTo(1);
    }

    @Test
    void scriptLatency_observesEachOperationInItsOwnSeries_andAnUnlistedOperationGetsOne() {
        PrometheusRegistry registry = new PrometheusRegistry();
        ObjLongConsumer<String> latency = new SidecarMetrics(registry).scriptLatency(List.of("register", "release"));

        MetricsText before = MetricsText.scrape(registry);
        latency.accept("register", 2_000_000);
        latency.accept("register", 500_000);
        latency.accept("other", 1_000_000);
        MetricsText after = MetricsText.scrape(registry);

        assertThat(before.value(script("count", "register"))).isZero();
        assertThat(before.value(script("count", "release"))).isZero();
        assertThat(after.value(script("count", "register"))).isEqualTo(2);
        assertThat(after.value(script("sum", "register"))).isCloseTo(0.0025, within(1e-12));
        assertThat(after.value(script("count", "release"))).isZero();
        assertThat(after.value(script("count", "other"))).isEqualTo(1);
    }

    private static String received(String type) {
        return RECEIVED + "{type=\"" + type + "\"}";
    }

    private static String script(String part, String operation) {
        return SCRIPT + "_" + part + "{operation=\"" + operation + "\"}";
    }
}
