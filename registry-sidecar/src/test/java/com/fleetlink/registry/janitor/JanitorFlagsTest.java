package com.fleetlink.registry.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.testkit.CommandRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run}'s janitor flags: settings under which the janitor could do harm or never work are refused at start, in one line. */
class JanitorFlagsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--janitor-confirm, 50s, --janitor-confirm",
            "--janitor-interval, 90s, --janitor-interval",
            "--janitor-interval, -1s, --janitor-interval",
            "--janitor-max-deletes, -5, --janitor-max-deletes",
            "--janitor-breaker-hold, 0s, --janitor-breaker-hold"})
    void run_whenAJanitorSettingCannotWork_thenRefusedInOneLine(String flag, String value, String named) {
        CommandRun run = CommandRun.refusal("run", "--socket", dir.resolve("r.sock").toString(),
                "--redis", "redis://127.0.0.1:1", "--instance-id", "pod-a", "--event-log", dir.resolve("log").toString(),
                flag, value);

        assertThat(run.exitCode()).as(run.err()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n").contains(named);
    }

    @Test
    void defaultInterval_isThirtySeconds_orAThirdOfAShorterTtl() {
        assertThat(JanitorOptions.defaultInterval(Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(30));
        assertThat(JanitorOptions.defaultInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofNanos(666_666_666));
    }
}
