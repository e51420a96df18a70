package com.fleetlink.testkit;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the ingestion and the sidecar have in common as child processes: the process itself and,
 * when it serves them, its metrics endpoint, whose port it tells in its log.
 */
public abstract class DaemonProcess implements AutoCloseable {
    /** A JVM start on a loaded two-core machine, the build running beside it, has taken over 30 s. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern METRICS = Pattern.compile("metrics on port (\\d+)");

    private final ChildProcess process;
    private final boolean metricsServed;
    private volatile AdminEndpoint metrics;

    DaemonProcess(ChildProcess process, boolean metricsServed) {
        this.process = process;
        this.metricsServed = metricsServed;
    }

    /** Learns the metrics port from the log, when it serves metrics. */
    void awaitMetricsPort(Duration timeout) {
        if (metricsServed) {
            metrics = AdminEndpoint.onPort(Integer.parseInt(process.awaitLog(METRICS, timeout).group(1)));
        }
    }

    /** Its {@code /metrics}, {@code /livez} and {@code /readyz}, once its start has been seen. */
    public AdminEndpoint metrics() {
        if (metrics == null) {
            throw new IllegalStateException(process.name() + " serves no metrics, or has not been seen starting yet");
        }
        return metrics;
    }

    /** The process, to signal it or read its log. */
    public ChildProcess process() {
        return process;
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL if it still runs. */
    @Override
    public void close() {
        process.close();
    }
}
