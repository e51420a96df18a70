package com.fleetlink.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fleetlink.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;

/**
 * A Kafka sink for the ingestions a benchmark starts: one KRaft node in the benchmark's own JVM
 * (testkit's {@link KafkaBroker}), its topics, and their records read back to the end. The broker can
 * be stopped and started again on the same port with the same log directory.
 */
public final class TelemetryBroker implements AutoCloseable {
    /** Per-device order needs only the key; a few partitions make the producers batch as in production. */
    private static final int PARTITIONS = 3;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    /** The broker logs every partition and election at INFO; the benchmark's own progress lines would drown. */
    private static final List<String> BROKER_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private final KafkaBroker broker;

    private TelemetryBroker(KafkaBroker broker) {
        this.broker = broker;
    }

    /** Formats and starts the node. */
    public static TelemetryBroker start() throws Exception {
        BROKER_LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN));
        return new TelemetryBroker(KafkaBroker.start());
    }

    /** Creates {@code topic} and returns the ingestions' {@code --telemetry} value that writes to it. */
    public String createTopic(String topic) throws Exception {
        broker.createTopic(topic, PARTITIONS);
        return "kafka://" + broker.bootstrapServers() + "/" + topic;
    }

    public void deleteTopic(String topic) throws Exception {
        broker.deleteTopic(topic);
    }

    public void stop() {
        broker.stopBroker();
    }

    /** Starts the stopped broker again and returns once it takes requests. */
    public void startAgain() throws Exception {
        broker.restartBroker();
    }

    /** Every record of {@code topic}, read from the start to the end it had when the call began. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        return broker.records(topic, READ_TIMEOUT);
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
