package com.fleetlink.deploy;

import com.fleetlink.registry.SidecarDaemon;
import java.time.Duration;

/**
 * The longest each daemon can take from SIGTERM to exit, from its effective settings, added up the
 * way its shutdown runs (design §4 rule 8). The manifests' grace periods are checked against these.
 */
final class ShutdownBudget {
    private ShutdownBudget() {
    }

    /**
     * The ingestion until it sends {@code shutdown}: the paced drain (when on) and its stragglers'
     * ACKs, each bounded by the drain timeout.
     */
    static Duration ingestionUntilShutdownSent(EffectiveEnv ingestion) {
        Duration pacing = ingestion.duration("TELTONIKA_DRAIN_DURATION");
        return pacing.isZero() ? Duration.ZERO : pacing.plus(ingestion.duration("TELTONIKA_DRAIN_TIMEOUT"));
    }

    /**
     * The ingestion from SIGTERM to exit: until {@code shutdown} is sent, the wait for {@code released},
     * then the drain timeout for sockets still open (all of them without a paced drain; those
     * accepted as the listener closed with one).
     */
    static Duration ingestion(EffectiveEnv ingestion) {
        return ingestionUntilShutdownSent(ingestion)
                .plus(ingestion.duration("REGISTRY_SHUTDOWN_TIMEOUT"))
                .plus(ingestion.duration("TELTONIKA_DRAIN_TIMEOUT"));
    }

    /** The sidecar from SIGTERM to exit: the wait for an attached ingestion, then Redis confirming the release. */
    static Duration sidecar(EffectiveEnv sidecar) {
        return sidecar.duration("SHUTDOWN_WAIT").plus(SidecarDaemon.SHUTDOWN_RELEASE_TIMEOUT);
    }
}
