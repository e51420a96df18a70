package com.fleetlink.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A Kafka broker for a test: by default one KRaft node in the test's JVM ({@link
 * InProcessKafkaBroker}: no Docker, no download, about two seconds to start, and its broker can be
 * stopped and started again on the same port). With {@code -Dfleetlink.test.kafka=container}, or when
 * the in-process node fails to start and a Docker engine answers, a Testcontainers Kafka container
 * instead ({@link KafkaContainerBroker}), where {@link #stopBroker()} skips the test.
 *
 * <p>The module using it declares {@code kafka_2.13}, {@code kafka-test-common-runtime} and the
 * {@code test} jar of {@code kafka-clients} itself: testkit holds them as optional dependencies.
 */
public interface KafkaBroker extends AutoCloseable {
    /** Admin and consumer calls wait this long for the broker. */
    Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** Starts a broker (see the class comment for which) and returns once it takes requests. */
    static KafkaBroker start() throws Exception {
        return KafkaBrokerSelection.start(System.getProperty(KafkaBrokerSelection.PROPERTY),
                InProcessKafkaBroker::start, DockerProbe.testcontainers(), KafkaContainerBroker::start);
    }

    /** The {@code host:port} list a client bootstraps from; the same after {@link #restartBroker()}. */
    String bootstrapServers();

    /** Stops the broker; clients see it gone. */
    void stopBroker();

    /** Starts the stopped broker again, on the port it had, and waits until it takes requests. */
    void restartBroker() throws Exception;

    /** Creates {@code topic} with {@code partitions} partitions of one replica each. */
    default void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes {@code topic} and its data: a benchmark that writes gigabytes a leg frees the disk between legs. */
    default void deleteTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.deleteTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Every record of {@code topic} the broker holds now, in offset order within each partition: read
     * from the start up to the end offsets taken when the call began.
     */
    default List<ConsumerRecord<String, String>> records(String topic, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within " + timeout.toMillis() + " ms");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                });
            }
            return records;
        }
    }
}
