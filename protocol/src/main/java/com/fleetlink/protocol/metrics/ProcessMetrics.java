package com.fleetlink.protocol.metrics;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What both daemons export about themselves rather than their work: the Prometheus client's JVM
 * and process metrics ({@code jvm_*}, {@code process_*}) and {@code teltonika_build_info}.
 */
public final class ProcessMetrics {
    /** The build-info family as scraped. */
    public static final String BUILD_INFO = "teltonika_build_info";

    private ProcessMetrics() {
    }

    /** Registers them in {@code registry}, once per registry (a second call adds nothing). */
    public static void register(PrometheusRegistry registry, BuildInfo build) {
        JvmMetrics.builder().register(registry);
        Info info = Info.builder().name(BUILD_INFO).help("The build this process runs: version and commit")
                .labelNames("version", "commit").build();
        info.setLabelValues(build.version(), build.commit());
        registry.register(info);
    }
}
