package com.fleetlink.ingestion.registry;

import com.fleetlink.protocol.local.LineError;
import com.fleetlink.protocol.metrics.LatencyHistogram;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The registry client's metrics. Exemplars are off: the drop counter is incremented on event loops,
 * which must not pay for trace lookups.
 */
final class RegistryMetrics {
    static final String REGISTER = "register";
    static final String UNREGISTER = "unregister";
    static final String SHUTDOWN = "shutdown";

    private final CounterDataPoint registers;
    private final CounterDataPoint unregisters;
    private final CounterDataPoint shutdowns;
    private final Counter dropped;
    private final Counter snapshots;
    private final Gauge connected;
    private final Histogram queueWait;
    private final Map<LineError, CounterDataPoint> invalidLines = new EnumMap<>(LineError.class);
    private final Counter outcomesSent;
    private final Counter outcomesDropped;
    private final Counter commands;
    private final Counter commandsIgnored;
    private final Counter responsesCut;

    RegistryMetrics(PrometheusRegistry registry) {
        Counter events = Counter.builder().name("teltonika_registry_events_total")
                .help("Events written to the registry sidecar, by type").labelNames("type")
                .withoutExemplars().register(registry);
        registers = events.labelValues(REGISTER);
        unregisters = events.labelValues(UNREGISTER);
        shutdowns = events.labelValues(SHUTDOWN);
        dropped = Counter.builder().name("teltonika_registry_events_dropped_total")
                .help("Device events not sent because the sidecar was away or the hand-off was full; a snapshot repairs them")
                .withoutExemplars().register(registry);
        snapshots = Counter.builder().name("teltonika_registry_snapshots_total")
                .help("Complete snapshots of the held set written to the sidecar")
                .withoutExemplars().register(registry);
        connected = Gauge.builder().name("teltonika_registry_connected")
                .help("1 while connected to the registry sidecar").withoutExemplars().register(registry);
        Counter invalid = Counter.builder().name("teltonika_registry_invalid_lines_total")
                .help("Lines from the sidecar that were refused, by error").labelNames("error")
                .withoutExemplars().register(registry);
        for (LineError error : LineError.values()) {
            invalidLines.put(error, invalid.labelValues(error.label()));
        }
        outcomesSent = Counter.builder().name("teltonika_registry_command_outcomes_total")
                .help("Command outcomes written to the sidecar, by line type").labelNames("type")
                .withoutExemplars().register(registry);
        outcomesDropped = Counter.builder().name("teltonika_registry_command_outcomes_dropped_total")
                .help("Command outcomes not sent because the hand-off was full, the sidecar away or not taking them; the lease decides")
                .withoutExemplars().register(registry);
        commands = Counter.builder().name("teltonika_registry_commands_total")
                .help("Commands from the sidecar handed to the device sockets")
                .withoutExemplars().register(registry);
        commandsIgnored = Counter.builder().name("teltonika_registry_commands_ignored_total")
                .help("Commands from the sidecar on a session that did not agree on commands, ignored")
                .withoutExemplars().register(registry);
        queueWait = LatencyHistogram.builder("teltonika_registry_queue_wait_seconds",
                "From a device event queued for the registry sidecar to the writer taking it to write to the socket")
                .register(registry);
        responsesCut = Counter.builder().name("teltonika_registry_command_responses_cut_total")
                .help("Command responses longer than the local protocol's command limit, cut to it before going to the sidecar")
                .withoutExemplars().register(registry);
    }

    void queueWait(long nanos) {
        queueWait.observe(LatencyHistogram.seconds(nanos));
    }

    void responseCut() {
        responsesCut.inc();
    }

    void sent(String type) {
        switch (type) {
            case REGISTER -> registers.inc();
            case UNREGISTER -> unregisters.inc();
            default -> shutdowns.inc();
        }
    }

    void dropped(long n) {
        if (n > 0) {
            dropped.inc(n);
        }
    }

    long dropped() {
        return (long) dropped.get();
    }

    void snapshot() {
        snapshots.inc();
    }

    void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }

    void outcomeSent(String type) {
        outcomesSent.labelValues(type).inc();
    }

    void outcomesDropped(long n) {
        if (n > 0) {
            outcomesDropped.inc(n);
        }
    }

    void commandReceived() {
        commands.inc();
    }

    void commandIgnored() {
        commandsIgnored.inc();
    }

    void invalidLine(LineError error) {
        invalidLines.get(error).inc();
    }
}
