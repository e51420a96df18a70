package com.fleetlink.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One combined KRaft node (controller and broker) in the test's JVM, from Kafka's own test kit: no
 * Docker, no download, about two seconds to start. Its broker can be stopped and started again on
 * the same port, so a test can take the broker away under a producer and bring it back.
 *
 * <p>The module using it declares {@code kafka_2.13}, {@code kafka-test-common-runtime} and the
 * {@code test} jar of {@code kafka-clients} itself: testkit holds them as optional dependencies.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a node, returning once its broker takes requests. */
    public static KafkaBroker start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                // One node: the internal topics cannot have more replicas than that.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // A topic exists only when a test creates it: a producer writing to another one waits, as in production.
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new KafkaBroker(cluster);
    }

    /** The {@code host:port} list a client bootstraps from; the same after {@link #restartBroker()}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates {@code topic} with {@code partitions} partitions of one replica each. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Deletes {@code topic} and its data: a benchmark that writes gigabytes a leg frees the disk between legs. */
    public void deleteTopic(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.deleteTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the broker; the controller stays up, and clients see the broker gone. */
    public void stopBroker() {
        broker().shutdown();
    }

    /** Starts the stopped broker again, on the port it had, and waits until it takes requests. */
    public void restartBroker() throws Exception {
        broker().startup();
        cluster.waitForReadyBrokers();
    }

    /**
     * Every record of {@code topic} the broker holds now, in offset order within each partition: read
     * from the start up to the end offsets taken when the call began.
     */
    public List<ConsumerRecord<String, String>> records(String topic, Duration timeout) {
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

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
