package com.fleetlink.registry.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/**
 * Every metric the sidecar exports (invariant 9). Counters are incremented from the core loop;
 * gauges that describe state are read through callbacks at scrape time.
 */
public final class SidecarMetrics {
    private final PrometheusRegistry registry;
    private final Counter failures;
    private final Counter events;
    private final Counter rejectedLines;
    private final Counter reconcileRuns;
    private final Counter repairs;
    private final Counter conflicts;
    private final Counter released;
    private final Counter lapses;
    private final Counter resyncs;
    private final Counter sessionsReplaced;
    private final Gauge redisConnected;
    private final Counter refusedPeers;
    private final Counter localClosed;
    private final Counter droppedLines;
    private final Counter duplicateSightings;
    private final Gauge duplicateDetected;

    /** Every {@code op} of {@code teltonika_registry_failures_total}. */
    public static final java.util.List<String> FAILURE_OPS = java.util.List.of("register", "unregister", "repair",
            "heartbeat", "delete_heartbeat", "replace_dead", "liveness", "scan", "instance_claim");

    public SidecarMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        failures = Counter.builder().name("teltonika_registry_failures_total")
                .help("Registry writes that could not be made when decided: each event once (Redis away, an error, "
                        + "a timeout), each heartbeat once, each failed repair batch, scan or check once; by operation")
                .labelNames("op").register(registry);
        // Pre-initialised so an alert on the first failure sees a change from 0, not a series appearing.
        for (String op : FAILURE_OPS) {
            failures.initLabelValues(op);
        }
        events = Counter.builder().name("teltonika_registry_events_total")
                .help("Local-protocol lines received, by type").labelNames("type").register(registry);
        rejectedLines = Counter.builder().name("teltonika_registry_rejected_lines_total")
                .help("Local-protocol lines rejected, by reason").labelNames("reason").register(registry);
        reconcileRuns = Counter.builder().name("teltonika_registry_reconcile_runs_total")
                .help("Reconcile passes started").register(registry);
        repairs = Counter.builder().name("teltonika_registry_repairs_total")
                .help("Registry fields restored or taken over from a dead owner").register(registry);
        conflicts = Counter.builder().name("teltonika_registry_conflicts_total")
                .help("Held devices whose field names another live instance").register(registry);
        released = Counter.builder().name("teltonika_registry_released_total")
                .help("Fields deleted by compare-and-delete").register(registry);
        lapses = Counter.builder().name("teltonika_registry_heartbeat_lapses_total")
                .help("Heartbeats that found the key gone (we were presumed dead)").register(registry);
        resyncs = Counter.builder().name("teltonika_registry_resyncs_total")
                .help("Sequence gaps answered with resync").register(registry);
        sessionsReplaced = Counter.builder().name("teltonika_registry_ingestion_sessions_total")
                .help("Ingestion sessions attached").register(registry);
        redisConnected = Gauge.builder().name("teltonika_registry_redis_connected")
                .help("1 while the Redis connection is up").register(registry);
        refusedPeers = Counter.builder().name("teltonika_registry_refused_peers_total")
                .help("Local connections closed on accept, by reason (credentials, no_credentials, connection_limit)")
                .labelNames("reason").register(registry);
        localClosed = Counter.builder().name("teltonika_registry_local_closed_total")
                .help("Admitted local connections the sidecar closed, by reason (bad_lines, bad_first_line, no_first_line, reply_not_read)")
                .labelNames("reason").register(registry);
        droppedLines = Counter.builder().name("teltonika_registry_dropped_lines_total")
                .help("Lines for the ingestion dropped because it was not reading, by type").labelNames("type").register(registry);
        duplicateSightings = Counter.builder().name("teltonika_registry_duplicate_instance_total")
                .help("Instance-claim writes that found another process's token: a second sidecar uses this instance id")
                .register(registry);
        duplicateDetected = Gauge.builder().name("teltonika_registry_duplicate_instance_detected")
                .help("1 while another process with this instance id is seen").register(registry);
    }

    /** The registry to scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Registers the state gauges, read at scrape time. */
    public void stateGauges(DoubleSupplier held, DoubleSupplier pending, DoubleSupplier heartbeatAgeSeconds) {
        GaugeWithCallback.builder().name("teltonika_registry_held_entries")
                .help("Devices the attached ingestion holds").callback(cb -> cb.call(held.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("teltonika_registry_pending_work")
                .help("Registry writes waiting to be sent or awaiting Redis' answer (a device re-marked while its write is in flight counts in both)").callback(cb -> cb.call(pending.getAsDouble()))
                .register(registry);
        GaugeWithCallback.builder().name("teltonika_registry_heartbeat_age_seconds")
                .help("Seconds since the last successful heartbeat write (-1 before the first)")
                .callback(cb -> cb.call(heartbeatAgeSeconds.getAsDouble())).register(registry);
    }

    /**
     * Registers the local socket's gauges, read at scrape time.
     *
     * @param connections   admitted local connections open now
     * @param outboundBytes bytes queued for local peers that have not read them yet
     */
    public void localSocketGauges(DoubleSupplier connections, DoubleSupplier outboundBytes) {
        GaugeWithCallback.builder().name("teltonika_registry_local_connections")
                .help("Local-socket connections open now (the ingestion and control clients)")
                .callback(cb -> cb.call(connections.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("teltonika_registry_local_outbound_bytes")
                .help("Bytes written to local peers and not yet taken by them")
                .callback(cb -> cb.call(outboundBytes.getAsDouble())).register(registry);
    }

    public void failure(String op) {
        failures.labelValues(op).inc();
    }

    public void event(String type) {
        events.labelValues(type).inc();
    }

    public void rejectedLine(String reason) {
        rejectedLines.labelValues(reason).inc();
    }

    public void reconcileRun() {
        reconcileRuns.inc();
    }

    public void repair() {
        repairs.inc();
    }

    public void conflict() {
        conflicts.inc();
    }

    public void released(long n) {
        released.inc(n);
    }

    public void lapse() {
        lapses.inc();
    }

    public void resync() {
        resyncs.inc();
    }

    public void sessionAttached() {
        sessionsReplaced.inc();
    }

    public void redisConnected(boolean up) {
        redisConnected.set(up ? 1 : 0);
    }

    public void refusedPeer(String reason) {
        refusedPeers.labelValues(reason).inc();
    }

    public void localClosed(String reason) {
        localClosed.labelValues(reason).inc();
    }

    public void droppedLine(String type) {
        droppedLines.labelValues(type).inc();
    }

    public void duplicateInstanceSeen() {
        duplicateSightings.inc();
    }

    public void duplicateInstanceDetected(boolean detected) {
        duplicateDetected.set(detected ? 1 : 0);
    }
}
