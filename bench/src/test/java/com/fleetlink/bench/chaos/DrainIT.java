package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.testkit.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's proof of the paced drain, over real processes: {@code DrainRun --devices 200 --drains 5s}
 * as a child JVM from the shaded benchmarks jar, against the ingestion and sidecar jars this build
 * packaged and a real redis-server. Two instances share the Redis; 200 devices start on the first
 * (20 more on the second) and reconnect to the other when their socket closes; the first gets
 * SIGTERM with a 5 s drain (the 10 s, halved to keep the build short).
 */
class DrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEVICES = 200;
    /** The survivor's own devices, so it meets the drain warm, as in a rollout. */
    private static final int SURVIVOR_DEVICES = 20;
    private static final double DRAIN_SECONDS = 5;

    @TempDir
    Path dir;

    @Test
    void sigtermWithFiveSecondDrain_survivorTakesAtMostTwiceTheEvenRate_lastLeavesLate_registryEndsOnSurvivor_noRecordLost()
            throws Exception {
        Path stdout = dir.resolve("drain.out");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("benchmarks.jar"), DrainRun.class.getName(),
                "--devices", Integer.toString(DEVICES), "--survivor-devices", Integer.toString(SURVIVOR_DEVICES), "--drains", "5s", "--connect-spread-ms", "1000",
                "--ingestion-jar", Jars.ingestion().toString(),
                "--sidecar-jar", Jars.sidecar().toString(),
                "--time-limit", "150s");
        Process run = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(run.waitFor(180, TimeUnit.SECONDS)).as("the drain run ends within its time limit").isTrue();
        List<String> lines = Files.readAllLines(stdout);
        assertThat(lines).as("the drain run prints its report").isNotEmpty();
        System.err.println(lines.get(lines.size() - 1));
        JsonNode report = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(report.path("error").isMissingNode()).as("run error: %s", report.path("error")).isTrue();
        JsonNode leg = report.path("legs").path(0);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(leg.path("devicesMoved").asInt()).as("devices on the drained instance").isEqualTo(DEVICES);
        soft.assertThat(leg.path("survivorHandshakes").asInt()).as("handshakes the survivor answered").isEqualTo(DEVICES);
        soft.assertThat(leg.path("survivorPeakHandshakesPerSecond").asDouble())
                .as("survivor's busiest second against twice the even rate %s/s", leg.path("evenRatePerSecond"))
                .isLessThanOrEqualTo(2 * DEVICES / DRAIN_SECONDS);
        soft.assertThat(leg.path("lastCloseSeconds").asDouble()).as("last device leaves").isGreaterThanOrEqualTo(0.6 * DRAIN_SECONDS);
        soft.assertThat(leg.path("drainedExitCode").asInt(-1)).as("drained ingestion's exit code").isZero();
        soft.assertThat(leg.path("drainedExitSeconds").asDouble()).as("drained ingestion's exit")
                .isLessThanOrEqualTo(leg.path("exitBudgetSeconds").asDouble());
        soft.assertThat(leg.path("missingAckedRecords").asInt(-1)).as("acknowledged records missing").isZero();
        soft.assertThat(leg.path("recordsAcked").asLong()).as("records acknowledged").isPositive();
        soft.assertThat(leg.path("registryOnSurvivorAtEnd").asInt()).as("registry entries naming the survivor").isEqualTo(DEVICES + SURVIVOR_DEVICES);
        soft.assertThat(leg.path("registryNamingDrainedAtEnd").asInt(-1)).as("registry entries naming the drained instance").isZero();
        soft.assertThat(run.exitValue()).as("exit code of a clean run").isZero();
        soft.assertAll();
    }
}
