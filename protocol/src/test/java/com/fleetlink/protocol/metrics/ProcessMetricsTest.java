package com.fleetlink.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JVM, process and build metrics and the histogram shape, as a scrape shows them. */
class ProcessMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void register_thenJvmProcessAndBuildInfoAreScraped() throws Exception {
        ProcessMetrics.register(registry, new BuildInfo("1.2.3", "abc1234"));

        assertThat(scrape()).contains("teltonika_build_info{commit=\"abc1234\",version=\"1.2.3\"} 1")
                .contains("jvm_memory_used_bytes").contains("jvm_threads_current").contains("process_cpu_seconds_total");
    }

    @Test
    void register_thenEveryJvmFamilyOperatorsRead() throws Exception {
        ProcessMetrics.register(registry, new BuildInfo("1.2.3", "abc1234"));

        assertThat(scrape()).contains("\njvm_memory_used_bytes{").contains("\njvm_memory_max_bytes{")
                .contains("\njvm_gc_collection_seconds_count{").contains("\njvm_threads_current ")
                .contains("\njvm_buffer_pool_used_bytes{").contains("\njvm_classes_loaded_total ")
                .contains("\njvm_compilation_time_seconds_total ").contains("\njvm_runtime_info{")
                .contains("\nprocess_resident_memory_bytes ");
    }

    @Test
    void register_inAFreshJvm_thenThePlatformMBeanServerIsNotStarted() throws Exception {
        // A JVM of its own: this one's other tests or the runner may have started the server already.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), RegisterAndScrape.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("\njvm_memory_used_bytes{").doesNotContain("com.sun.jmx.mbeanserver.JmxMBeanServer ");
    }

    @Test
    void current_whenRunFromClassesWithoutTheBuildFile_thenUnknownRatherThanMissing() {
        BuildInfo build = BuildInfo.current();

        assertThat(build.commit()).isEqualTo(BuildInfo.UNKNOWN);
        assertThat(build.version()).isEqualTo(BuildInfo.UNKNOWN);
    }

    @Test
    void latencyHistogram_whenObserved_thenClassicBucketsInSeconds() throws Exception {
        Histogram h = LatencyHistogram.builder("test_wait_seconds", "a wait").register(registry);
        h.observe(LatencyHistogram.seconds(3_000_000));

        assertThat(scrape()).contains("test_wait_seconds_bucket{le=\"0.0025\"} 0").contains("test_wait_seconds_bucket{le=\"0.005\"} 1")
                .contains("test_wait_seconds_count 1");
    }

    @Test
    void latencyHistogram_whenNameLacksTheUnit_thenRefused() {
        assertThatThrownBy(() -> LatencyHistogram.builder("test_wait", "a wait"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_seconds");
    }
}
