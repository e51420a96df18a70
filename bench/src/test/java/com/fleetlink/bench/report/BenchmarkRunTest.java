package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkRunTest {
    @TempDir
    Path dir;

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void theResultIsTheLastJsonLineOfStdout() throws IOException {
        write("x.cmd", "java -cp bench.jar X --n 3\n");
        write("x.exit", "0\n");
        write("x.out", "summary line\n{\"n\":1}\nmore summary\n{\"n\":2}\n");

        BenchmarkRun run = BenchmarkRun.load(dir, "x");

        assertThat(run.failed()).isFalse();
        assertThat(run.command()).isEqualTo("java -cp bench.jar X --n 3");
        assertThat(run.result().path("n").asInt()).isEqualTo(2);
    }

    @Test
    void aResultFileWinsOverStdout() throws IOException {
        write("x.exit", "0");
        write("x.out", "{\"from\":\"stdout\"}");
        write("x.json", "[{\"from\":\"file\"}]");

        assertThat(BenchmarkRun.load(dir, "x").result().get(0).path("from").asText()).isEqualTo("file");
    }

    @Test
    void aTimeoutIsTheFailureWhateverWasPrinted() throws IOException {
        write("x.exit", "124");
        write("x.out", "{\"n\":1}");

        assertThat(BenchmarkRun.load(dir, "x").failure()).startsWith("timed out");
    }

    @Test
    void anErrorFieldInTheResultIsTheFailureWithoutItsExceptionClass() throws IOException {
        write("x.exit", "1");
        write("x.out", "{\"error\":\"com.fleetlink.bench.registry.BenchFailure: redis-server exited at start\"}");

        assertThat(BenchmarkRun.load(dir, "x").failure()).isEqualTo("redis-server exited at start");
    }

    @Test
    void withoutAResultTheLastStderrLineSaysWhy() throws IOException {
        write("x.exit", "3");
        write("x.err", "starting\nthe open-file limit is 20000 | 26 are open\n\n");

        assertThat(BenchmarkRun.load(dir, "x").failure())
                .isEqualTo("exit 3, no result: the open-file limit is 20000 / 26 are open");
    }

    @Test
    void aBenchmarkThatNeverRanSaysSo() {
        assertThat(BenchmarkRun.load(dir, "absent").failure()).isEqualTo("did not run");
    }
}
