package com.fleetlink.ingestion.telemetry;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record to a Kafka topic, keyed by the device's IMEI (so one device's records stay in
 * order on one partition), its value the JSON object a JSON Lines line holds. A batch's stage
 * completes only once the cluster acknowledged all of its records, with {@code acks=all} and an
 * idempotent producer: what the server ACKs to a device is in the topic.
 *
 * <p>{@link Producer#send} may block (on metadata, or on a full {@code buffer.memory}), so it runs
 * on one sender thread fed by a bounded queue; when the queue is full a batch is refused at once
 * with {@link SinkOverloadedException}, as the file sink does, and the event loop never waits (the
 * server offers the batch again a moment later).
 *
 * <p>A broker that is away for less than the server's sink stall timeout must not fail records:
 * unless the operator sets them, {@code delivery.timeout.ms} is the stall timeout plus
 * {@code request.timeout.ms} plus {@code linger.ms}, and {@code max.block.ms} (the longest a send
 * waits for metadata or buffer room) is the stall timeout; {@code retries} keeps Kafka's unbounded
 * default. A record fails only once the socket that owes its ACK would have been closed anyway.
 */
public final class KafkaTelemetrySink implements TelemetrySink {
    /** Batches the queue holds before refusing new ones; the producer's own buffer lies behind it. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4_096;
    /** Producer settings the sink decides: what {@code --kafka-property} may not change. */
    public static final Set<String> FIXED_PROPERTIES = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    private static final Logger log = LoggerFactory.getLogger(KafkaTelemetrySink.class);
    private static final Pending POISON = new Pending(null, null);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BlockingQueue<Pending> queue;
    private final KafkaSinkMetrics metrics;
    private final TelemetryJsonEncoder value = new TelemetryJsonEncoder();
    private final Thread sender;
    private volatile boolean closed;

    private KafkaTelemetrySink(Producer<String, byte[]> producer, String topic, int queueCapacity,
                               PrometheusRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.metrics = new KafkaSinkMetrics(registry, queue::size, this::bufferAvailableBytes);
        this.sender = new Thread(this::sendLoop, "telemetry-kafka-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * A sink writing to {@code target}. Nothing connects yet: a broker that is away at start only
     * delays the first ACKs.
     *
     * @param properties   producer settings ({@code --kafka-property}) for TLS, SASL and tuning
     * @param stallTimeout how long the server lets a packet wait on the sink ({@code --sink-stall-timeout}):
     *                     the producer keeps retrying at least this long unless {@code properties} say otherwise
     * @throws IllegalArgumentException when {@code properties} name a {@link #FIXED_PROPERTIES fixed}
     *                                  setting or the producer refuses them
     */
    public static KafkaTelemetrySink open(KafkaTarget target, Map<String, String> properties, int queueCapacity,
                                          Duration stallTimeout, PrometheusRegistry registry) {
        KafkaProducer<String, byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(target, properties, stallTimeout), new StringSerializer(),
                    new ByteArraySerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(cause.getMessage(), e);
        }
        return new KafkaTelemetrySink(producer, target.topic(), queueCapacity, registry);
    }

    /** The producer's settings: the operator's, the sink's fixed ones, and timeouts that outlast {@code stallTimeout}. */
    static Map<String, Object> producerConfig(KafkaTarget target, Map<String, String> properties, Duration stallTimeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fleetlink-ingestion");
        properties.forEach((key, value) -> {
            if (FIXED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException(key + " is set by the sink and may not be changed");
            }
            config.put(key, value);
        });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapSetting());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long stallMillis = stallTimeout.toMillis();
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(stallMillis));
        // Kafka's own floor for the delivery timeout is linger + request timeout; on top of it the records outlast the stall.
        long delivery = stallMillis + millis(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)
                + millis(config, ProducerConfig.LINGER_MS_CONFIG);
        // An int setting: a stall timeout of weeks is capped at Kafka's largest delivery timeout.
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(delivery, Integer.MAX_VALUE)));
        return config;
    }

    /** A millisecond setting as the operator gave it, else Kafka's default. */
    private static long millis(Map<String, Object> config, String key) {
        Object value = config.getOrDefault(key, ProducerConfig.configDef().defaultValues().get(key));
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number of milliseconds: " + value, e);
        }
    }

    @Override
    public CompletionStage<Void> accept(TelemetryBatch batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("telemetry sink is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(batch, done))) {
            metrics.failed(KafkaSendFailure.QUEUE_FULL, batch.records().size());
            return CompletableFuture.failedFuture(new SinkOverloadedException(
                    "kafka sink queue full (" + (queue.size() + queue.remainingCapacity()) + " packets)"));
        }
        return done;
    }

    private void sendLoop() {
        try {
            for (Pending p = queue.take(); p != POISON; p = queue.take()) {
                send(p);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Pending p) {
        TelemetryBatch batch = p.batch();
        BatchAcks acks = new BatchAcks(p.done(), batch.records().size());
        for (AvlRecord record : batch.records()) {
            byte[] value;
            try {
                value = value(batch, record);
            } catch (IllegalArgumentException e) {
                acks.failed(e);
                continue;
            }
            int bytes = batch.imei().length() + value.length;
            long start = System.nanoTime();
            try {
                producer.send(new ProducerRecord<>(topic, null, batch.receivedAt(), batch.imei(), value),
                        (metadata, error) -> {
                            if (error == null) {
                                metrics.sent(bytes, System.nanoTime() - start);
                                acks.sent();
                            } else {
                                acks.failed(error);
                            }
                        });
            } catch (RuntimeException e) {
                // Errors the producer throws rather than hands to the callback: a closed or interrupted producer.
                acks.failed(e);
            }
        }
    }

    private byte[] value(TelemetryBatch batch, AvlRecord record) {
        value.reset();
        value.appendTelemetryObject(batch, record);
        return value.toByteArray();
    }

    private double bufferAvailableBytes() {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("buffer-available-bytes") && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElse(Double.NaN);
    }

    /** Refuses new batches, sends those already queued, then waits for the cluster's acknowledgements. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(POISON, CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                sender.interrupt();
            }
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Records still unacknowledged when this returns fail their batches' stages through the callbacks.
        producer.close(CLOSE_TIMEOUT);
        // A batch that slipped in beside the stop marker was never sent: say so rather than leave it hanging.
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            if (p != POISON) {
                metrics.failed(KafkaSendFailure.CLOSED, p.batch().records().size());
                p.done().completeExceptionally(new IllegalStateException("telemetry sink closed"));
            }
        }
    }

    private record Pending(TelemetryBatch batch, CompletableFuture<Void> done) {
    }

    /** Completes a batch's stage when the last of its records is acknowledged, or fails it at the first error. */
    private final class BatchAcks {
        private final CompletableFuture<Void> done;
        private final AtomicInteger unacknowledged;

        BatchAcks(CompletableFuture<Void> done, int records) {
            this.done = done;
            this.unacknowledged = new AtomicInteger(records);
            if (records == 0) {
                done.complete(null);
            }
        }

        void sent() {
            if (unacknowledged.decrementAndGet() == 0) {
                done.complete(null);
            }
        }

        void failed(Throwable error) {
            metrics.failed(KafkaSendFailure.of(error), 1);
            if (done.completeExceptionally(error)) {
                log.warn("kafka send to {} failed: {}", topic, error.toString());
            }
        }
    }
}
