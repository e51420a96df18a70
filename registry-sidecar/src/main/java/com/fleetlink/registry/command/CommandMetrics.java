package com.fleetlink.registry.command;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/** The sidecar's command metrics (design §9); updated on the core loop. */
public final class CommandMetrics {
    /** Every {@code outcome} of {@code teltonika_sidecar_commands_total}. */
    public static final List<String> OUTCOMES = List.of("claimed", "sent", "requeued", "responded", "sent_no_reply",
            "unknown", "rejected_imei", "expired", "cancelled");
    private static final double[] LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800};

    private final Counter outcomes;
    private final Gauge inFlight;
    private final Gauge backlog;
    private final Gauge persistenceOff;
    private final Gauge outboxesPending;
    private final Histogram toWritten;
    private final Histogram toResponded;
    private final Counter lateReplies;
    private final Counter staleOutcomes;
    private final Counter backlogDropped;
    private final Counter durabilityFailed;

    public CommandMetrics(PrometheusRegistry registry) {
        outcomes = Counter.builder().name("teltonika_sidecar_commands_total")
                .help("Command state changes this sidecar made, by the status they led to (claimed, sent, requeued, or terminal)")
                .labelNames("outcome").register(registry);
        OUTCOMES.forEach(outcomes::initLabelValues);
        inFlight = Gauge.builder().name("teltonika_sidecar_commands_in_flight")
                .help("Commands claimed by this sidecar and not yet ended (claims under way included)").register(registry);
        backlog = Gauge.builder().name("teltonika_sidecar_command_backlog")
                .help("Command outcomes waiting for Redis to return").register(registry);
        persistenceOff = Gauge.builder().name("teltonika_sidecar_command_persistence_off")
                .help("1 when the Redis holding commands does not keep every acknowledged write (no AOF with appendfsync always)")
                .register(registry);
        outboxesPending = Gauge.builder().name("teltonika_sidecar_command_outboxes_pending")
                .help("Devices whose command stream entries have not all reached fleetlink:cmd:events yet, as Redis counts them "
                        + "at this sidecar's last sweep (drains under way included)")
                .register(registry);
        toWritten = Histogram.builder().name("teltonika_command_enqueue_to_written_seconds")
                .help("From a command's enqueue to the ingestion's report that it was written, on Redis' clock")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        toResponded = Histogram.builder().name("teltonika_command_enqueue_to_responded_seconds")
                .help("From a command's enqueue to its reply, on Redis' clock")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        lateReplies = Counter.builder().name("teltonika_sidecar_command_late_replies_total")
                .help("Replies that came after their command's response timeout: recorded, never credited").register(registry);
        staleOutcomes = Counter.builder().name("teltonika_sidecar_command_stale_outcomes_total")
                .help("Outcomes of an attempt that is no longer the command's current one, ignored").register(registry);
        backlogDropped = Counter.builder().name("teltonika_sidecar_command_backlog_dropped_total")
                .help("Outcomes dropped because the backlog was full while Redis was away; their leases decide").register(registry);
        durabilityFailed = Counter.builder().name("teltonika_sidecar_command_durability_failed_total")
                .help("Claims Redis did not confirm with the --command-durability asked for in time: not written, queued again")
                .register(registry);
    }

    void outcome(String word) {
        outcomes.labelValues(word).inc();
    }

    void inFlight(int n) {
        inFlight.set(n);
    }

    void outboxesPending(long n) {
        outboxesPending.set(n);
    }

    void backlog(int n) {
        backlog.set(n);
    }

    void persistenceOff(boolean off) {
        persistenceOff.set(off ? 1 : 0);
    }

    void written(double seconds) {
        toWritten.observe(seconds);
    }

    void responded(double seconds) {
        toResponded.observe(seconds);
    }

    void lateReply() {
        lateReplies.inc();
    }

    void staleOutcome() {
        staleOutcomes.inc();
    }

    void backlogDropped() {
        backlogDropped.inc();
    }

    void durabilityFailed() {
        durabilityFailed.inc();
    }
}
