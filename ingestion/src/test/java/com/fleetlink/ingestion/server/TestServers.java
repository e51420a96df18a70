package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import java.time.Duration;

/**
 * Starts in-process servers on a free loopback port with the production defaults, changing only
 * what a test is about.
 */
public final class TestServers {
    private TestServers() {
    }

    /** The defaults, bound to loopback on a free port. */
    public static IngestionConfig config() {
        return config(IngestionConfig.DEFAULT_IDLE_TIMEOUT, ImeiPolicy.DIGITS_ONLY);
    }

    /** The defaults with another idle timeout and IMEI policy. */
    public static IngestionConfig config(Duration idleTimeout, ImeiPolicy imeiPolicy) {
        IngestionConfig d = IngestionConfig.defaults(0);
        return new IngestionConfig("127.0.0.1", 0, d.maxFrameLength(), idleTimeout, imeiPolicy,
                d.maxPendingAcks(), d.maxBadCrcInARow(), d.drainTimeout());
    }

    /** A started server. */
    public static IngestionServer start(IngestionConfig config, TelemetrySink sink, IngestionMetrics metrics)
            throws InterruptedException {
        IngestionServer server = new IngestionServer(config, sink, metrics);
        server.start();
        return server;
    }
}
