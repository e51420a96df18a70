package com.fleetlink.ingestion.metrics;

import com.fleetlink.ingestion.command.CommandFailReason;
import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.RejectReason;
import com.fleetlink.protocol.metrics.LatencyHistogram;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every metric the ingestion server exports. Label values are resolved once here, so the
 * per-frame path only increments a counter it already holds.
 */
public final class IngestionMetrics {
    private static final String SENT = "sent";
    private static final String RESPONDED = "responded";
    private static final String LATE = "late";

    /** Handshake outcome label values. */
    public enum HandshakeResult {
        /** The IMEI was valid and answered {@code 01}. */
        ACCEPTED,
        /** The length field was not 15, so what followed could not be an IMEI. */
        MALFORMED,
        /** Fifteen bytes arrived but they were not a valid IMEI. */
        INVALID_IMEI;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** PROXY protocol header outcome label values. */
    public enum ProxyHeaderResult {
        /** A version 1 (text) header named the device's address. */
        V1,
        /** A version 2 (binary) header named the device's address. */
        V2,
        /** A header without a TCP source (v2 LOCAL, v1 UNKNOWN, a Unix socket): the socket's peer stays the address. */
        NO_ADDRESS,
        /** The socket's first bytes were not a PROXY header. */
        MISSING,
        /** A header of a version the server is not configured for. */
        WRONG_VERSION,
        /** Started like a header but was not a valid one. */
        INVALID;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final PrometheusRegistry registry;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong openPeak = new AtomicLong();
    private final Gauge handshaking;
    private final CounterDataPoint bytesReceived;
    private final CounterDataPoint keepAlives;
    private final Map<HandshakeResult, CounterDataPoint> handshakes = new EnumMap<>(HandshakeResult.class);
    private final Map<ProxyHeaderResult, CounterDataPoint> proxyHeaders = new EnumMap<>(ProxyHeaderResult.class);
    private final Map<Codec, CounterDataPoint> packets = new EnumMap<>(Codec.class);
    private final Map<Codec, CounterDataPoint> records = new EnumMap<>(Codec.class);
    private final Map<RejectReason, CounterDataPoint> rejected = new EnumMap<>(RejectReason.class);
    private final Map<CloseReason, CounterDataPoint> closed = new EnumMap<>(CloseReason.class);
    private final CounterDataPoint drainClosed;
    private final Gauge drainRemaining;
    private final Map<String, CounterDataPoint> commands = new HashMap<>();
    private final Gauge commandsInFlight;
    private final CounterDataPoint repliesUnsolicited;
    private final Histogram ackLatency;
    private final Histogram sinkWrite;

    /** Registers the metrics in a registry of their own. */
    public IngestionMetrics() {
        this(new PrometheusRegistry());
    }

    /** Registers the metrics in {@code registry}. */
    public IngestionMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        GaugeWithCallback.builder().name("teltonika_connections_open")
                .help("Device sockets open right now, handshaken or not")
                .callback(cb -> cb.call(open.get())).register(registry);
        // A flood's spike lasts less than a scrape interval; the peak shows whether the caps held through it.
        GaugeWithCallback.builder().name("teltonika_connections_open_peak")
                .help("Most device sockets open at once since the start")
                .callback(cb -> cb.call(openPeak.get())).register(registry);
        handshaking = Gauge.builder().name("teltonika_connections_handshaking")
                .help("Device sockets accepted and not yet through the IMEI handshake").register(registry);
        bytesReceived = Counter.builder().name("teltonika_bytes_received_total")
                .help("Bytes read from device sockets").register(registry);
        keepAlives = Counter.builder().name("teltonika_keepalives_total")
                .help("Lone 0xFF keep-alive bytes received").register(registry);
        Counter handshakeCounter = Counter.builder().name("teltonika_handshakes_total")
                .help("IMEI handshakes by result").labelNames("result").register(registry);
        for (HandshakeResult r : HandshakeResult.values()) {
            handshakes.put(r, handshakeCounter.labelValues(r.label()));
        }
        Counter proxyCounter = Counter.builder().name("teltonika_proxy_headers_total")
                .help("PROXY protocol headers read, by result").labelNames("result").register(registry);
        for (ProxyHeaderResult r : ProxyHeaderResult.values()) {
            proxyHeaders.put(r, proxyCounter.labelValues(r.label()));
        }
        Counter packetCounter = Counter.builder().name("teltonika_packets_total")
                .help("Frames decoded, by codec").labelNames("codec").register(registry);
        Counter recordCounter = Counter.builder().name("teltonika_records_total")
                .help("AVL records accepted by the telemetry sink, by codec").labelNames("codec").register(registry);
        for (Codec c : Codec.values()) {
            packets.put(c, packetCounter.labelValues(c.label()));
            records.put(c, recordCounter.labelValues(c.label()));
        }
        Counter rejectCounter = Counter.builder().name("teltonika_frames_rejected_total")
                .help("Frames refused, by reason").labelNames("reason").register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, rejectCounter.labelValues(r.label()));
        }
        Counter closeCounter = Counter.builder().name("teltonika_connections_closed_total")
                .help("Device sockets closed, by reason").labelNames("reason").register(registry);
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, closeCounter.labelValues(r.label()));
        }
        drainClosed = Counter.builder().name("teltonika_drain_closed_total")
                .help("Device sockets closed by a paced drain (--drain-duration)").register(registry);
        drainRemaining = Gauge.builder().name("teltonika_drain_remaining")
                .help("Device sockets a paced drain still has to close; 0 when no drain runs").register(registry);
        Counter commandCounter = Counter.builder().name("teltonika_commands_total")
                .help("Outbound commands by outcome: sent (written), responded, late (a reply inside the late window), "
                        + "or the reason one failed").labelNames("outcome").register(registry);
        List<String> outcomes = new ArrayList<>(List.of(SENT, RESPONDED, LATE));
        for (CommandFailReason r : CommandFailReason.values()) {
            outcomes.add(r.word());
        }
        for (String outcome : outcomes) {
            commands.put(outcome, commandCounter.labelValues(outcome));
        }
        commandsInFlight = Gauge.builder().name("teltonika_commands_in_flight")
                .help("Commands the device sockets hold: waiting to be written or awaiting their reply").register(registry);
        repliesUnsolicited = Counter.builder().name("teltonika_command_replies_unsolicited_total")
                .help("Codec 12/13/14 messages from devices that answered no command in flight (never credited)")
                .register(registry);
        ackLatency = LatencyHistogram.builder("teltonika_ack_latency_seconds",
                "From an AVL packet read off the socket to its ACK written to it (the sink's write and the ACKs queued before it included)")
                .register(registry);
        sinkWrite = LatencyHistogram.builder("teltonika_sink_write_seconds",
                "From a packet's records handed to the telemetry sink to the sink accepting or refusing them")
                .register(registry);
    }

    /** The registry to scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        openPeak.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    public void connectionClosed(CloseReason reason) {
        open.decrementAndGet();
        closed.get(reason).inc();
    }

    public void handshakeStarted() {
        handshaking.inc();
    }

    public void handshakeEnded() {
        handshaking.dec();
    }

    public void proxyHeader(ProxyHeaderResult result) {
        proxyHeaders.get(result).inc();
    }

    public void bytesReceived(int n) {
        bytesReceived.inc(n);
    }

    public void keepAlive() {
        keepAlives.inc();
    }

    public void handshake(HandshakeResult result) {
        handshakes.get(result).inc();
    }

    public void packet(Codec codec) {
        packets.get(codec).inc();
    }

    public void recordsAccepted(Codec codec, int n) {
        records.get(codec).inc(n);
    }

    public void frameRejected(RejectReason reason) {
        rejected.get(reason).inc();
    }

    public void drainClosed() {
        drainClosed.inc();
    }

    public void drainRemaining(int sockets) {
        drainRemaining.set(sockets);
    }

    /** Counts one command outcome; {@link CommandOutcome.Ready} is not one. */
    public void commandOutcome(CommandOutcome outcome) {
        if (outcome instanceof CommandOutcome.Sent) {
            commands.get(SENT).inc();
        } else if (outcome instanceof CommandOutcome.Result result) {
            commands.get(result.late() ? LATE : RESPONDED).inc();
        } else if (outcome instanceof CommandOutcome.Failed failed) {
            commands.get(failed.reason().word()).inc();
        }
    }

    /** Changes the in-flight gauge by {@code delta}. */
    public void commandInFlight(int delta) {
        if (delta != 0) {
            commandsInFlight.inc(delta);
        }
    }

    public void commandReplyUnsolicited() {
        repliesUnsolicited.inc();
    }

    /** A packet read {@code nanos} ago was just ACKed. */
    public void ackWritten(long nanos) {
        ackLatency.observe(LatencyHistogram.seconds(nanos));
    }

    /** The sink answered a packet it was handed {@code nanos} ago. */
    public void sinkAnswered(long nanos) {
        sinkWrite.observe(LatencyHistogram.seconds(nanos));
    }

    /** Open connections right now, as the gauge reports them. */
    public long openConnections() {
        return open.get();
    }
}
