package com.fleetlink.protocol.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --log-format} flag both daemons share (design §7: plain by default, JSON on request,
 * always on stderr). Mixed into a command with {@code @Mixin}; {@link #apply()} must run before the
 * first logger is created, because logback reads the choice when it starts.
 */
public final class LoggingOptions {

    /** The two log formats. */
    public enum Format {
        /** One human-readable line per event. */
        plain,
        /** One JSON object per line. */
        json
    }

    @Option(names = "--log-format", paramLabel = "plain|json", defaultValue = "${env:LOG_FORMAT:-plain}",
            description = "Log line format on stderr (LOG_FORMAT, default ${DEFAULT-VALUE}).")
    Format format;

    /** Makes logback use the chosen format. */
    public void apply() {
        System.setProperty("LOG_FORMAT", format.name());
    }
}
