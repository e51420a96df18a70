package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.testkit.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run}'s command flags: a value under which dispatch could not work is refused at start, in one line naming the flag. */
class CommandFlagsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--command-max-in-flight, 0",
            "--command-sweep-interval, 0s",
            "--command-claim-lease, 0s",
            "--command-lease-margin, 0s"})
    void run_whenACommandSettingIsNotPositive_thenRefusedInOneLine(String flag, String value) {
        CommandRun run = CommandRun.refusal("run", "--socket", dir.resolve("r.sock").toString(),
                "--redis", "redis://127.0.0.1:1", "--instance-id", "pod-a", "--event-log", dir.resolve("log").toString(),
                flag, value);

        assertThat(run.exitCode()).as(run.err()).isNotZero();
        assertThat(run.err().strip()).doesNotContain("\n").contains(flag);
    }
}
