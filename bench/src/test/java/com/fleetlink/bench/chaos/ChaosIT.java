package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.testkit.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortened chaos run of CI: {@code ChaosRun --duration 60 --devices 150} as a child JVM from
 * the shaded benchmarks jar, against the ingestion and sidecar jars this build packaged and a real
 * redis-server. Every fault kind must have been injected (the instance kill among them, with devices
 * gone offline whose fields only a janitor removes), the janitors must have cleaned up after the
 * killed instance, commands must have flowed and been answered (the Redis restart from its
 * append-only file among the faults), and the checker's must-be-zero figures, the command checks
 * among them, must be 0.
 */
class ChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shortChaosRun_injectsEveryFaultKind_andFindsNoWrongEntryNoLoserDeletionOrOverwriteNoLiveJanitorDeletionNoLostRecordNoCommandFault()
            throws Exception {
        Path stdout = dir.resolve("chaos.out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("benchmarks.jar"), ChaosRun.class.getName(),
                "--duration", "60", "--devices", "150",
                "--ingestion-jar", Jars.ingestion().toString(),
                "--sidecar-jar", Jars.sidecar().toString(),
                "--time-limit", "300s"));
        // Progress and the seed go to this test's output, so a failing schedule can be re-run.
        Process chaos = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(chaos.waitFor(330, TimeUnit.SECONDS)).as("the chaos run ends within its time limit").isTrue();
        List<String> lines = Files.readAllLines(stdout);
        assertThat(lines).as("the chaos run prints its report").isNotEmpty();
        System.err.println(lines.get(lines.size() - 1));
        JsonNode report = JSON.readTree(lines.get(lines.size() - 1));

        assertThat(report.path("error").isMissingNode()).as("run error: %s", report.path("error")).isTrue();
        // Soft: a failing figure must not hide how the others came out.
        SoftAssertions soft = new SoftAssertions();
        // The file sink with commands, as ChaosIT runs it: every kind but the broker restart.
        for (FaultKind kind : FaultKind.forRun(false, true)) {
            soft.assertThat(report.path("faultsInjected").path(kind.label()).asInt()).as(kind.label()).isPositive();
        }
        soft.assertThat(report.path("settled").asBoolean()).as("settled: %s", report.path("unsettledExamples")).isTrue();
        soft.assertThat(report.path("converged").asBoolean()).as("converged: %s", report).isTrue();
        soft.assertThat(report.path("wrongEntries").asInt(-1)).as("wrongEntries: %s", report.path("registryAtEnd")).isZero();
        soft.assertThat(report.path("loserDeletedWinner").asInt(-1)).as("loserDeletedWinner: %s", report.path("deletions")).isZero();
        soft.assertThat(report.path("loserOverwroteWinner").asInt(-1))
                .as("loserOverwroteWinner: %s; wrong routing %s", report.path("deletions"), report.path("wrongRouting")).isZero();
        JsonNode janitor = report.path("janitor");
        soft.assertThat(janitor.path("devicesGoneOffline").asInt()).as("devices offline with the killed instance: %s", janitor)
                .isPositive();
        soft.assertThat(janitor.path("deletions").path("ofKilledInstance").asInt()).as("janitor deletions of the killed "
                + "instance's fields: %s", janitor).isPositive();
        soft.assertThat(report.path("janitorDeletedLive").asInt(-1)).as("janitorDeletedLive: %s", janitor).isZero();
        soft.assertThat(report.path("killedInstanceFieldsLeft").asInt(-1)).as("killedInstanceFieldsLeft: %s", janitor).isZero();
        soft.assertThat(report.path("missingAckedRecords").asInt(-1)).as("missingAckedRecords: %s", report.path("telemetry")).isZero();
        soft.assertThat(report.path("telemetry").path("recordsAcked").asLong()).as("recordsAcked").isPositive();
        soft.assertThat(report.path("ingestionExitCodesAfterDrain")).as("a drained ingestion exits 0")
                .allSatisfy(exit -> assertThat(exit.asText()).endsWith(":0"));
        JsonNode commands = report.path("commands");
        soft.assertThat(commands.path("enqueued").asInt()).as("commands enqueued: %s", commands).isPositive();
        soft.assertThat(commands.path("byTerminalStatus").path("responded").asInt()).as("commands responded: %s", commands)
                .isPositive();
        for (String check : ChaosRun.COMMAND_CHECKS) {
            soft.assertThat(report.path(check).asInt(-1)).as("%s: %s", check, commands.path("examples")).isZero();
        }
        soft.assertThat(chaos.exitValue()).as("exit code of a clean run").isZero();
        soft.assertAll();
    }
}
