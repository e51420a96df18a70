package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which fault kinds a run's schedule draws from, by its telemetry sink. */
class FaultKindTest {
    @Test
    void forSink_whenKafka_thenTheBrokerRestartIsOneOfTheKinds() {
        assertThat(FaultKind.forSink(true)).containsExactly(FaultKind.values());
        assertThat(FaultKind.BROKER_RESTART.label()).isEqualTo("brokerRestart");
    }

    @Test
    void forSink_whenFile_thenEveryKindButTheBrokerRestart() {
        assertThat(FaultKind.forSink(false)).doesNotContain(FaultKind.BROKER_RESTART)
                .hasSize(FaultKind.values().length - 1);
    }
}
