package com.fleetlink.registry.metrics;

import com.fleetlink.protocol.local.LineError;
import com.fleetlink.protocol.metrics.LatencyHistogram;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import java.util.stream.Stream;

/**
 * Every metric the sidecar exports (invariant 9). Counters are incremented from the core loop;
 * gauges that describe state are read through callbacks at scrape time.
 */
public final class SidecarMetrics {
    private final PrometheusRegistry registry;
    private final Counter failures;
    private final KnownLabels<CounterDataPoint> events;
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
    private final Histogram scriptLatency;
    private final Histogram registrationLag;

    /** The types of {@code teltonika_registry_lines_received_total}: what an attached ingestion sends after hello. */
    static final List<String> RECEIVED_TYPES = List.of("register", "unregister", "snapshot", "pong", "shutdown");
    /** The reasons of {@code teltonika_registry_refused_peers_total}. */
    static final List<String> REFUSAL_REASONS = List.of("credentials", "no_credentials", "connection_limit");
    /** The reasons of {@code teltonika_registry_local_closed_total}. */
    static final List<String> LOCAL_CLOSE_REASONS = List.of("bad_lines", "bad_first_line", "no_first_line", "reply_not_read");
    /** The types of {@code teltonika_registry_dropped_lines_total}: what the sidecar sends an attached ingestion unasked. */
    static final List<String> DROPPED_TYPES = List.of("ping", "resync");

    /** Every {@code op} of {@code teltonika_registry_failures_total}. */
    public static final List<String> FAILURE_OPS = List.of("register", "unregister", "repair",
            "heartbeat", "delete_heartbeat", "replace_dead", "liveness", "scan", "instance_claim");

    public SidecarMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        failures = Counter.builder().name("teltonika_registry_failures_total")
                .help("Registry writes that could not be made when decided: each event once (Redis away, an error, "
                        + "a timeout), each heartbeat once, each failed repair batch, scan or check once; by operation")
                .labelNames("op").register(registry);
        initLabels(failures, FAILURE_OPS);
        // Not teltonika_registry_events_total: the ingestion exports that name for the events it sent.
        Counter received = Counter.builder().name("teltonika_registry_lines_received_total")
                .help("Local-protocol lines received from the attached ingestion, by type").labelNames("type").register(registry);
        events = new KnownLabels<>(RECEIVED_TYPES, received::labelValues);
        rejectedLines = Counter.builder().name("teltonika_registry_rejected_lines_total")
                .help("Local-protocol lines rejected, by reason").labelNames("reason").register(registry);
        initLabels(rejectedLines, Stream.of(LineError.values()).map(LineError::label).toList());
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
        initLabels(refusedPeers, REFUSAL_REASONS);
        localClosed = Counter.builder().name("teltonika_registry_local_closed_total")
                .help("Admitted local connections the sidecar closed, by reason (bad_lines, bad_first_line, no_first_line, reply_not_read)")
                .labelNames("reason").register(registry);
        initLabels(localClosed, LOCAL_CLOSE_REASONS);
        droppedLines = Counter.builder().name("teltonika_registry_dropped_lines_total")
                .help("Lines for the ingestion dropped because it was not reading, by type").labelNames("type").register(registry);
        initLabels(droppedLines, DROPPED_TYPES);
        scriptLatency = LatencyHistogram.builder("teltonika_registry_redis_script_seconds",
                        "From a Redis script sent to its answer (an error or timeout included), by operation")
                .labelNames("operation").register(registry);
        registrationLag = LatencyHistogram.builder("teltonika_registry_registration_lag_seconds",
                "From a handshake decided in the ingestion (its at) to Redis answering its registration")
                .register(registry);
        duplicateSightings = Counter.builder().name("teltonika_registry_duplicate_instance_total")
                .help("Instance-claim writes that found another process's token: a second sidecar uses this instance id")
                .register(registry);
        duplicateDetected = Gauge.builder().name("teltonika_registry_duplicate_instance_detected")
                .help("1 while another process with this instance id is seen").register(registry);
    }

    /** Pre-initialised so an alert on the first event sees a change from 0, not a series appearing. */
    private static void initLabels(Counter counter, List<String> values) {
        for (String value : values) {
            counter.initLabelValues(value);
        }
    }

    /** The registry to scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * The recorder of {@code teltonika_registry_redis_script_seconds}, its series pre-initialised.
     *
     * @param operations every operation it will be told of (the scripts' names)
     * @return takes an operation and the nanoseconds its script took
     */
    public ObjLongConsumer<String> scriptLatency(List<String> operations) {
        KnownLabels<DistributionDataPoint> byOperation = new KnownLabels<>(operations, scriptLatency::labelValues);
        return (operation, nanos) -> byOperation.point(operation).observe(LatencyHistogram.seconds(nanos));
    }

    /** A fresh registration decided {@code nanos} ago was answered by Redis. */
    public void registrationAnswered(long nanos) {
        registrationLag.observe(LatencyHistogram.seconds(Math.max(0, nanos)));
    }

    /**
     * Exports the event log's losses, read at scrape time.
     *
     * @param dropped     entries dropped: the queue full, the log closing, or lost to a write error
     * @param writeErrors failed writes, rotations or flushes
     */
    public void eventLogCounters(LongSupplier dropped, LongSupplier writeErrors) {
        CounterWithCallback.builder().name("teltonika_registry_event_log_dropped_total")
                .help("Event log entries lost: dropped because its queue was full or it was closing, or lost to a write error")
                .callback(cb -> cb.call(dropped.getAsLong())).register(registry);
        CounterWithCallback.builder().name("teltonika_registry_event_log_write_errors_total")
                .help("Event log writes, rotations or flushes that failed (each logged once per failing spell)")
                .callback(cb -> cb.call(writeErrors.getAsLong())).register(registry);
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
        events.point(type).inc();
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
