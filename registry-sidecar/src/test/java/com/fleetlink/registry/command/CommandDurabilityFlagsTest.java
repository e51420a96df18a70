package com.fleetlink.registry.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.testkit.CommandRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --command-durability}: what it reads, and the values under which it could not confirm refused at start in one line. */
class CommandDurabilityFlagsTest {
    @TempDir
    Path dir;

    @Test
    void parse_whenEachForm_thenItsModeCountAndTimeout() {
        assertThat(ClaimDurability.parse("none")).isEqualTo(ClaimDurability.NONE);
        assertThat(ClaimDurability.parse("replicas:2/100ms"))
                .isEqualTo(new ClaimDurability(ClaimDurability.Mode.REPLICAS, 2, Duration.ofMillis(100)));
        assertThat(ClaimDurability.parse("aof"))
                .isEqualTo(new ClaimDurability(ClaimDurability.Mode.AOF, 0, ClaimDurability.DEFAULT_TIMEOUT));
    }

    /** A value let through would start the daemon, which runs until stopped: the timeout turns that into a failure. */
    @ParameterizedTest(name = "{0} {1}")
    @Timeout(30)
    @CsvSource({
            "fast, ''",
            "replicas:0, ''",
            "replicas:1/2x, ''",
            "replicas:1/2s, ''",
            "replicas:1, --redis-cluster"})
    void run_whenTheDurabilityCannotWork_thenRefusedInOneLine(String durability, String extra) {
        CommandRun run = extra.isEmpty()
                ? run("--command-durability", durability)
                : run("--command-durability", durability, extra);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--command-durability");
    }

    private CommandRun run(String... flags) {
        String[] base = {"run", "--socket", dir.resolve("r.sock").toString(), "--redis", "redis://127.0.0.1:1",
                "--instance-id", "pod-a", "--event-log", dir.resolve("log").toString(), "--redis-timeout", "2s"};
        String[] all = new String[base.length + flags.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(flags, 0, all, base.length, flags.length);
        return CommandRun.execute(all);
    }
}
