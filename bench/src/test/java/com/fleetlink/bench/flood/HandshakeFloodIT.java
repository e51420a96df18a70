package com.fleetlink.bench.flood;

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
 * Issue 13's flood, scaled down for the build: {@code HandshakeFlood} as a child JVM from the shaded
 * benchmarks jar, against the ingestion jar this build packaged. One source holds 1,200 silent
 * sockets (re-opening each one the server closes) against {@code --max-handshaking 1000} and
 * {@code --max-connections 1100}, with the per-address cap off so the flood fills both caps, while
 * 20 real devices arrive one every 500 ms. The full 6,000-socket flood runs in {@code bench/report}.
 */
class HandshakeFloodIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void silentFloodOverBothCaps_admitsAtLeast95PercentOfArrivingDevices_andOpenSocketsStayWithinTheBound() throws Exception {
        Path stdout = dir.resolve("flood.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("benchmarks.jar"), HandshakeFlood.class.getName(),
                "--flood", "1200", "--max-handshaking", "1000", "--max-connections", "1100",
                "--devices", "20", "--baseline-devices", "0", "--address-cap-leg", "false",
                "--ingestion-jar", Jars.ingestion().toString(), "--time-limit", "150s");
        Process flood = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(flood.waitFor(170, TimeUnit.SECONDS)).as("the flood run ends within its time limit").isTrue();
        List<String> lines = Files.readAllLines(stdout);
        assertThat(lines).as("the flood run prints its report").isNotEmpty();
        lines.forEach(System.err::println);
        JsonNode report = JSON.readTree(lines.get(lines.size() - 1));
        JsonNode leg = report.path("flood");

        assertThat(report.path("error").isMissingNode()).as("run error: %s", report.path("error")).isTrue();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(leg.path("closes").path("silent_evicted").asLong()).as("silent sockets evicted: the flood filled a cap")
                .isPositive();
        soft.assertThat(leg.path("admittedRatio").asDouble()).as("devices with 01 + ACK: %s", leg.path("outcomes"))
                .isGreaterThanOrEqualTo(HandshakeFlood.TARGET_ADMITTED);
        soft.assertThat(leg.path("peakOpen").asLong()).as("peak open sockets on the server")
                .isPositive().isLessThanOrEqualTo(report.path("openBound").asLong());
        soft.assertThat(flood.exitValue()).as("exit code").isZero();
        soft.assertAll();
    }
}
