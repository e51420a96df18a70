package com.fleetlink.registry.sim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences the sidecar's own log lines while simulations run: a seed makes thousands of failures on
 * purpose, and the trace tells the story of a failing one. Restores the level when closed.
 */
final class QuietLogs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("com.fleetlink.registry");
    private final Level before = logger.getLevel();

    QuietLogs() {
        logger.setLevel(Level.OFF);
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}
