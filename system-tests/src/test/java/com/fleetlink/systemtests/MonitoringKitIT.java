package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.Device;
import com.fleetlink.systemtests.support.Imeis;
import com.fleetlink.systemtests.support.MonitoringQueries;
import com.fleetlink.systemtests.support.MonitoringQueries.Query;
import com.fleetlink.systemtests.support.PromQlNames;
import com.fleetlink.systemtests.support.RegistryAwaits;
import com.fleetlink.systemtests.support.RegistryView;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.Jars;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.KafkaBroker;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring kit in {@code deploy/} names only metrics that exist: a pod (sidecar, ingestion with
 * the Kafka sink, redis-server, an in-process Kafka broker) serves a device, both {@code /metrics} are
 * scraped, and every metric name an alert expression or a dashboard query selects is a sample of one
 * of the two scrapes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitoringKitIT {
    private static final String ID = "pod-monitored";
    private static final String TOPIC = "teltonika.records";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path KIT = Path.of(System.getProperty("monitoring.dir", "../deploy/k8s/components/monitoring"));
    /** Rule groups whose metrics no process exports yet, each with why; remove an entry when its metrics land. */
    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    static Path dir;

    private static RedisServerProcess redis;
    private static KafkaBroker kafka;
    private static RegistryView registry;
    private static Pod pod;

    @BeforeAll
    static void startPod() throws Exception {
        redis = RedisServerProcess.start();
        registry = RegistryView.connect(redis.uri());
        kafka = KafkaBroker.start();
        kafka.createTopic(TOPIC, 1);
        pod = Pod.builder(ID, dir, redis.uri(), JavaProgram.jar(Jars.sidecar(), JavaProgram.TEST_JVM_OPTIONS),
                        JavaProgram.jar(Jars.ingestion(), JavaProgram.TEST_JVM_OPTIONS))
                .telemetryTarget("kafka://" + kafka.bootstrapServers() + "/" + TOPIC)
                .metrics().owner(CHILDREN).start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyMetricARuleOrPanelNames_isExportedByTheIngestionOrTheSidecar() throws Exception {
        String imei = Imeis.nth(1);
        try (Device device = Device.connect(pod.port(), imei)) {
            new RegistryAwaits(registry, CHILDREN::tails).owner(imei, ID);
            device.sendPacket(2);
        }
        AdminEndpoint ingestion = pod.ingestion().metrics();
        Poll.until(WAIT, "the records acknowledged by Kafka", () -> ingestion.value("teltonika_kafka_records_sent_total") >= 2);
        Set<String> exported = new HashSet<>(sampleNames(ingestion.scrape().toString()));
        exported.addAll(sampleNames(pod.sidecar().metrics().scrape().toString()));

        List<Query> queries = MonitoringQueries.in(KIT);
        assertThat(queries).as("queries in the monitoring kit").isNotEmpty();
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Query query : queries) {
            Set<String> names = PromQlNames.of(query.expr());
            assertThat(names).as("metric names in %s: %s", query.where(), query.expr()).isNotEmpty();
            names.stream().filter(name -> !exported.contains(name))
                    .forEach(name -> missing.computeIfAbsent(name, n -> new TreeSet<>()).add(query.where()));
        }

        assertThat(missing).as("metrics the kit names that neither process exports, with where they are named").isEmpty();
    }

    /** The name of every sample line of a scrape (comment lines aside), e.g. {@code teltonika_ack_latency_seconds_bucket}. */
    private static List<String> sampleNames(String scrape) {
        return scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).toList();
    }
}
