package com.fleetlink.ingestion.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/** The Kafka sink's metrics, every label resolved once so a send only increments what it holds. */
final class KafkaSinkMetrics {
    /** From a millisecond on loopback to the producer's two-minute delivery timeout. */
    private static final double[] SEND_SECONDS_BUCKETS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private final CounterDataPoint recordsSent;
    private final CounterDataPoint bytesSent;
    private final Histogram sendSeconds;
    private final Map<KafkaSendFailure, CounterDataPoint> errors = new EnumMap<>(KafkaSendFailure.class);

    /**
     * Registers the metrics in {@code registry}.
     *
     * @param queuedBatches    batches waiting in the sink's queue for the sender thread
     * @param bufferAvailable  bytes free in the producer's buffer ({@code buffer.memory} less what waits in it)
     */
    KafkaSinkMetrics(PrometheusRegistry registry, IntSupplier queuedBatches, DoubleSupplier bufferAvailable) {
        recordsSent = Counter.builder().name("teltonika_kafka_records_sent_total")
                .help("Records the Kafka cluster acknowledged").register(registry);
        bytesSent = Counter.builder().name("teltonika_kafka_bytes_sent_total")
                .help("Key and value bytes of the records the Kafka cluster acknowledged").register(registry);
        sendSeconds = Histogram.builder().name("teltonika_kafka_send_seconds")
                .help("From handing a record to the producer to the cluster's acknowledgement")
                .classicOnly().classicUpperBounds(SEND_SECONDS_BUCKETS).register(registry);
        Counter errorCounter = Counter.builder().name("teltonika_kafka_send_errors_total")
                .help("Records not acknowledged by the Kafka cluster, by cause").labelNames("cause").register(registry);
        for (KafkaSendFailure f : KafkaSendFailure.values()) {
            errors.put(f, errorCounter.labelValues(f.label()));
        }
        GaugeWithCallback.builder().name("teltonika_kafka_queue_batches")
                .help("Packets waiting in the Kafka sink's queue for the sender thread")
                .callback(cb -> cb.call(queuedBatches.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("teltonika_kafka_buffer_available_bytes")
                .help("Bytes free in the producer's buffer; at 0 a send waits up to max.block.ms")
                .callback(cb -> cb.call(bufferAvailable.getAsDouble())).register(registry);
    }

    void sent(int bytes, long sendNanos) {
        recordsSent.inc();
        bytesSent.inc(bytes);
        sendSeconds.observe(sendNanos / 1e9);
    }

    void failed(KafkaSendFailure cause, int records) {
        errors.get(cause).inc(records);
    }
}
