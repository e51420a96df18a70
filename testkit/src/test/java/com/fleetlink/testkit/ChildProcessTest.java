package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child processes as the launchers use them: real {@code sh} processes, real signals, logs in files. */
class ChildProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** SIGKILL and SIGTERM as exit codes: 128 plus the signal number. */
    private static final int KILLED = 128 + 9;
    private static final int TERMINATED = 128 + 15;

    @TempDir
    Path dir;

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    @Test
    void start_whenTheNameIsTakenInTheDirectory_thenTheRestartGetsItsOwnLogAndTheFirstLogIsKept() {
        try (ChildProcess first = ChildProcess.start("daemon", sh("echo 'first life' >&2"), dir)) {
            assertThat(first.awaitExit(WAIT)).isZero();
            try (ChildProcess second = ChildProcess.start("daemon", sh("echo 'second life' >&2"), dir)) {
                assertThat(second.awaitExit(WAIT)).isZero();

                assertThat(second.name()).isEqualTo("daemon.2");
                assertThat(first.stderr()).isEqualTo("first life\n");
                assertThat(second.stderr()).isEqualTo("second life\n");
            }
        }
    }

    @Test
    void awaitLog_whenTheProcessExitsWithoutTheLine_failsAtOnceInsteadOfAtTheDeadline() {
        try (ChildProcess child = ChildProcess.start("quitter", sh("echo 'something else' >&2; exit 3"), dir)) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> child.awaitLog("the line", WAIT))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("exited with 3");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.dividedBy(2));
        }
    }

    @Test
    void awaitLog_returnsTheRequestedOccurrence() {
        try (ChildProcess child = ChildProcess.start("counter", sh("for i in 1 2 3; do echo \"tick $i\" >&2; done"), dir)) {
            assertThat(child.awaitLog(Pattern.compile("tick (\\d)"), 2, WAIT).group(1)).isEqualTo("2");
        }
    }

    @Test
    void stop_whenTheChildIgnoresSigterm_killsItAfterTheGraceAndReturnsThatExitCode() {
        try (ChildProcess child = ChildProcess.start("stubborn", sh("trap '' TERM; echo armed >&2; while :; do sleep 1; done"), dir)) {
            child.awaitLog("armed", WAIT);

            assertThat(child.stop(Duration.ofMillis(500))).isEqualTo(KILLED);
            assertThat(child.isAlive()).isFalse();
        }
    }

    @Test
    void stop_whenPaused_resumesItSoTheSigtermIsActedOn() {
        try (ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), dir)) {
            child.pause();

            // A stopped process only takes the SIGTERM once continued; without that it would take the SIGKILL.
            assertThat(child.stop(WAIT)).isEqualTo(TERMINATED);
        }
    }
}
