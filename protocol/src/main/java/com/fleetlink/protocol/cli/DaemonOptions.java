package com.fleetlink.protocol.cli;

import picocli.CommandLine.Option;

/**
 * The flags both daemons share (design §7): where metrics and health endpoints are served, and the
 * log format (plain by default, JSON on request, always on stderr). Mixed into a command with
 * {@code @Mixin}; {@link #applyLogging()} must run before the first logger is created, because
 * logback reads the choice when it starts.
 */
public final class DaemonOptions {

    /** The two log formats. */
    public enum LogFormat {
        /** One human-readable line per event. */
        plain,
        /** One JSON object per line. */
        json
    }

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:METRICS_PORT}",
            description = "Serve /metrics, /livez and /readyz on this port, 0 for any free one (METRICS_PORT, default: off).")
    Integer metricsPort;

    @Option(names = "--log-format", paramLabel = "plain|json", defaultValue = "${env:LOG_FORMAT:-plain}",
            description = "Log line format on stderr (LOG_FORMAT, default ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    /** Makes logback use the chosen format. */
    public void applyLogging() {
        System.setProperty("LOG_FORMAT", logFormat.name());
    }

    /** The metrics port, or {@code null} when the endpoints are off. */
    public Integer metricsPort() {
        return metricsPort;
    }
}
