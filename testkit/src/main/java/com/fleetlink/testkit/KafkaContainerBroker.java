package com.fleetlink.testkit;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A single-node KRaft broker in an {@code apache/kafka} container of Testcontainers, of the same
 * version as the {@code kafka-clients} on the classpath. Stopping and restarting the broker under a
 * producer is not offered: a restarted container gets a new mapped port, which the producer under
 * test never learns, so {@link #stopBroker()} skips the calling test, saying why.
 */
final class KafkaContainerBroker implements KafkaBroker {
    private static final String NO_RESTART = "this test stops and restarts the Kafka broker on its port, which only the "
            + "in-process broker can do: run it without -D" + KafkaBrokerSelection.PROPERTY + "=container";

    private final KafkaContainer container;

    private KafkaContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    /** Starts the container, returning once the broker takes requests. */
    static KafkaBroker start() {
        KafkaContainer container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
                // As the in-process node: a topic exists only when a test creates it.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new KafkaContainerBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stopBroker() {
        Assumptions.abort(NO_RESTART);
    }

    @Override
    public void restartBroker() {
        Assumptions.abort(NO_RESTART);
    }

    @Override
    public void close() {
        container.stop();
    }
}
