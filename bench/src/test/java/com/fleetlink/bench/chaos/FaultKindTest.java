package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which fault kinds a run's schedule draws from, by its telemetry sink and whether commands flow. */
class FaultKindTest {
    @Test
    void forRun_whenKafkaAndCommands_thenEveryKind() {
        assertThat(FaultKind.forRun(true, true)).containsExactly(FaultKind.values());
        assertThat(FaultKind.BROKER_RESTART.label()).isEqualTo("brokerRestart");
    }

    @Test
    void forRun_whenFile_thenEveryKindButTheBrokerRestart() {
        assertThat(FaultKind.forRun(false, true)).doesNotContain(FaultKind.BROKER_RESTART)
                .hasSize(FaultKind.values().length - 1);
    }

    @Test
    void forRun_whenNoCommands_thenNoRestartFromTheAppendOnlyFile() {
        assertThat(FaultKind.forRun(true, false)).doesNotContain(FaultKind.REDIS_RESTART)
                .contains(FaultKind.REDIS_RESTART_EMPTY).hasSize(FaultKind.values().length - 1);
        assertThat(FaultKind.REDIS_RESTART.label()).isEqualTo("redisRestart");
    }
}
