package com.fleetlink.registry.janitor;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The janitor's metrics (design §8), incremented from the core loop. */
public final class JanitorMetrics {
    private final Counter sweeps;
    private final Counter deleted;
    private final Counter suspended;
    private final Counter failures;
    private final Gauge dead;
    private final Gauge wouldDelete;

    public JanitorMetrics(PrometheusRegistry registry) {
        sweeps = Counter.builder().name("teltonika_janitor_sweeps_total")
                .help("Janitor sweeps this sidecar completed (it held the lease), suspended ones included")
                .register(registry);
        deleted = Counter.builder().name("teltonika_janitor_deleted_total")
                .help("Registry fields of dead instances the janitor deleted").register(registry);
        suspended = Counter.builder().name("teltonika_janitor_suspended_total")
                .help("Sweeps that deleted nothing because more than half of the instances looked dead (the breaker)")
                .register(registry);
        failures = Counter.builder().name("teltonika_janitor_failures_total")
                .help("Sweeps abandoned because Redis failed, timed out or was away; the next sweep starts afresh")
                .register(registry);
        dead = Gauge.builder().name("teltonika_janitor_dead_instances")
                .help("Instances named in the registry whose death the last sweep confirmed").register(registry);
        wouldDelete = Gauge.builder().name("teltonika_janitor_dry_run_fields")
                .help("Fields the last dry-run sweep would have deleted (0 unless --janitor-dry-run)").register(registry);
    }

    void swept(int deadInstances) {
        sweeps.inc();
        dead.set(deadInstances);
    }

    void deleted(long n) {
        deleted.inc(n);
    }

    void suspended() {
        suspended.inc();
    }

    void failed() {
        failures.inc();
    }

    void wouldDelete(long n) {
        wouldDelete.set(n);
    }
}
