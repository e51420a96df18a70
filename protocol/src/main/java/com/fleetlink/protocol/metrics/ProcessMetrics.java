package com.fleetlink.protocol.metrics;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What both daemons export about themselves rather than their work: the Prometheus client's JVM
 * and process metrics ({@code jvm_*}, {@code process_*}) and {@code teltonika_build_info}.
 *
 * <p>Every family of the client's {@code JvmMetrics} but {@code jvm_native_memory_*}: that one has
 * data only when the JVM runs with native memory tracking, which the daemons do not, yet registering
 * it starts the platform MBean server, ~420 classes (JMX, every platform MXBean, JFR's management
 * bean) that stay in the sidecar's metaspace (docs/benchmark-history.md, issue 14, fourth round).
 */
public final class ProcessMetrics {
    /** The build-info family as scraped. */
    public static final String BUILD_INFO = "teltonika_build_info";

    private ProcessMetrics() {
    }

    /** Registers them in {@code registry}, once per registry. */
    public static void register(PrometheusRegistry registry, BuildInfo build) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        io.prometheus.metrics.instrumentation.jvm.ProcessMetrics.builder().register(registry);
        Info info = Info.builder().name(BUILD_INFO).help("The build this process runs: version and commit")
                .labelNames("version", "commit").build();
        info.setLabelValues(build.version(), build.commit());
        registry.register(info);
    }
}
