package com.fleetlink.deploy;

import com.fleetlink.registry.SidecarDaemon;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;

/**
 * The longest each daemon can take from SIGTERM to exit, from its effective settings, added up the
 * way its shutdown runs (design §4 rule 8), and the preStop pause a Kubernetes container spends
 * before its SIGTERM. The manifests' grace periods are checked against these.
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

    /**
     * The container's preStop hook, which the kubelet runs before SIGTERM and inside the grace period:
     * zero without one. Only the kubelet's sleep action has a length that can be read here; any other
     * hook is refused rather than counted as free.
     */
    static Duration preStop(Container container) {
        LifecycleHandler hook = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        if (hook == null) {
            return Duration.ZERO;
        }
        if (hook.getSleep() == null || hook.getExec() != null || hook.getHttpGet() != null || hook.getTcpSocket() != null) {
            throw new IllegalStateException(container.getName() + "'s preStop hook is not a plain sleep: its length cannot be added up");
        }
        return Duration.ofSeconds(hook.getSleep().getSeconds());
    }
}
