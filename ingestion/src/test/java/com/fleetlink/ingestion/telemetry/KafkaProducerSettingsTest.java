package com.fleetlink.ingestion.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer keeps retrying for as long as the server holds a packet, unless the operator says otherwise. */
class KafkaProducerSettingsTest {
    private static final KafkaTarget TARGET = KafkaTarget.parse("kafka://127.0.0.1:9092/telemetry");
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void producerConfig_whenOperatorSetsNoTimeouts_thenRecordsOutlastTheStallTimeout() {
        Map<String, Object> config = KafkaTelemetrySink.producerConfig(TARGET,
                Map.of(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000", ProducerConfig.LINGER_MS_CONFIG, "7"),
                STALL_TIMEOUT);

        assertThat(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(String.valueOf(STALL_TIMEOUT.toMillis() + 20_000 + 7));
        assertThat(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(String.valueOf(STALL_TIMEOUT.toMillis()));
    }

    @Test
    void producerConfig_whenOperatorSetsTheTimeouts_thenTheirsAreKept() {
        Map<String, Object> config = KafkaTelemetrySink.producerConfig(TARGET,
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000", ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000"),
                STALL_TIMEOUT);

        assertThat(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo("40000");
        assertThat(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo("1000");
    }
}
