package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.cli.ExitCodes;
import org.junit.jupiter.api.Test;

/** The flags of {@code simulate}: help and the usage errors that stop it before any socket opens. */
class SimulateCommandTest {

    @Test
    void help_whenAsked_thenListsEveryFlagWithItsEnvironmentVariable() {
        SimulatorRun run = SimulatorRun.execute("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("--host", "SIMULATE_HOST", "--port", "SIMULATE_PORT", "--devices",
                "SIMULATE_DEVICES", "--rate", "SIMULATE_RATE", "--records", "SIMULATE_RECORDS", "--codec",
                "SIMULATE_CODEC", "--duration", "SIMULATE_DURATION", "--churn", "SIMULATE_CHURN", "--json",
                "SIMULATE_JSON");
    }

    @Test
    void simulate_whenTheCodecIsNotAnAvlCodec_thenUsageErrorNamingIt() {
        SimulatorRun run = SimulatorRun.execute("--codec", "12");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("'12'").contains("8, 8E or 16");
    }

    @Test
    void simulate_whenRecordsAreOutOfRange_thenUsageErrorNamingTheFlag() {
        SimulatorRun run = SimulatorRun.execute("--records", "256", "--port", "1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("--records");
    }

    @Test
    void simulate_whenTheDurationHasNoUnit_thenUsageError() {
        SimulatorRun run = SimulatorRun.execute("--duration", "10");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("not a duration");
    }
}
