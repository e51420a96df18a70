package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.ingestion.testkit.IngestionJvm;
import com.fleetlink.testkit.IngestionProcess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code simulate} against the real server, started as a child JVM: what the simulator reports as
 * acknowledged must be exactly what the server wrote to its telemetry file.
 */
class SimulateEndToEndTest {
    private static final Duration SERVER_EXIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void simulate_whenRunAgainstTheServer_thenEveryAckedRecordIsWrittenExactlyOnceAndTheServerStopsCleanly()
            throws Exception {
        Path telemetry = dir.resolve("telemetry.jsonl");
        try (IngestionProcess server = IngestionJvm.builder(dir).telemetry(telemetry).start()) {
            SimulatorRun run = SimulatorRun.execute("--host", "127.0.0.1", "--port", server.port(),
                    "--devices", 20, "--records", 5, "--codec", "8E", "--duration", "3s", "--json");

            assertThat(run.exitCode()).as("%s\nserver stderr:\n%s", run, server.process().stderr()).isZero();
            JsonNode report = run.json();
            assertThat(report.get("wrongAcks").asLong()).isZero();
            assertThat(report.get("recordsPerSecond").asDouble()).isPositive();
            assertThat(report.get("handshakes").asLong()).isGreaterThanOrEqualTo(20);
            assertThat(report.get("packetsUnacked").asLong()).isZero();
            assertThat(report.get("ackP50Ms").asDouble()).isPositive()
                    .isLessThanOrEqualTo(report.get("ackP99Ms").asDouble());
            assertThat(report.get("ackP99Ms").asDouble()).isLessThanOrEqualTo(report.get("ackMaxMs").asDouble());
            assertThat(report.get("recordsAcked").asLong()).isEqualTo(5 * report.get("packetsAcked").asLong());

            assertThat(server.process().terminate(SERVER_EXIT)).as("server exit code after SIGTERM").isZero();

            TelemetryFile written = TelemetryFile.read(telemetry);
            assertThat(written.size()).isEqualTo(report.get("recordsAcked").asLong());
            written.assertEachRecordOnce();
            assertThat(written.imeis()).hasSize(20);
            assertThat(written.codecs()).containsExactly("8E");
            assertThat(written.records()).allSatisfy(r -> assertThat(r.get("io").has("256")).as("NX VIN").isTrue());
        }
    }

    @Test
    void simulate_whenChurning_thenDevicesHandshakeAgainAndNoRecordIsLostOrRepeated() throws Exception {
        Path telemetry = dir.resolve("telemetry.jsonl");
        try (IngestionProcess server = IngestionJvm.builder(dir).telemetry(telemetry).start()) {
            SimulatorRun run = SimulatorRun.execute("--port", server.port(), "--devices", 5, "--records", 2,
                    "--churn", 10, "--duration", "2s", "--json");

            assertThat(run.exitCode()).as("%s\nserver stderr:\n%s", run, server.process().stderr()).isZero();
            JsonNode report = run.json();
            assertThat(report.get("churns").asLong()).isPositive();
            assertThat(report.get("handshakes").asLong()).isGreaterThan(5);
            assertThat(report.get("wrongAcks").asLong()).isZero();

            assertThat(server.process().terminate(SERVER_EXIT)).isZero();
            TelemetryFile written = TelemetryFile.read(telemetry);
            assertThat(written.size()).isEqualTo(report.get("recordsAcked").asLong());
            written.assertEachRecordOnce();
        }
    }

    @ParameterizedTest(name = "--codec {0}")
    @CsvSource({"8, 08", "16, 10"})
    void simulate_whenGivenACodec_thenTheServerReceivesThatCodec(String flag, String label) throws Exception {
        Path telemetry = dir.resolve("telemetry.jsonl");
        try (IngestionProcess server = IngestionJvm.builder(dir).telemetry(telemetry).start()) {
            SimulatorRun run = SimulatorRun.execute("--port", server.port(), "--devices", 10, "--records", 3,
                    "--codec", flag, "--duration", "1s", "--json");

            assertThat(run.exitCode()).as("%s\nserver stderr:\n%s", run, server.process().stderr()).isZero();
            JsonNode report = run.json();
            assertThat(report.get("wrongAcks").asLong()).isZero();
            assertThat(report.get("recordsAcked").asLong()).isPositive();

            assertThat(server.process().terminate(SERVER_EXIT)).isZero();
            TelemetryFile written = TelemetryFile.read(telemetry);
            assertThat(written.size()).isEqualTo(report.get("recordsAcked").asLong());
            written.assertEachRecordOnce();
            assertThat(written.codecs()).containsExactly(label);
            // Only Codec 16 carries a generation type.
            assertThat(written.records()).allSatisfy(r ->
                    assertThat(r.get("generationType").isNull()).isEqualTo(!"10".equals(label)));
        }
    }

    @Test
    void simulate_whenARateIsGiven_thenTheFleetSendsNoFasterThanThat() throws Exception {
        try (IngestionProcess server = IngestionJvm.builder(dir).telemetry(dir.resolve("telemetry.jsonl")).start()) {
            SimulatorRun run = SimulatorRun.execute("--port", server.port(), "--devices", 10, "--rate", 40,
                    "--duration", "2s", "--json");

            assertThat(run.exitCode()).as("%s", run).isZero();
            JsonNode report = run.json();
            // The pacer hands out one slot per 1/40 s from the first connect on, and each event loop
            // may use its first slot at once: at most 40 per elapsed second plus one per loop.
            double elapsed = report.get("durationSeconds").asDouble();
            assertThat(report.get("packetsSent").asLong())
                    .isBetween(40L, (long) Math.floor(40 * elapsed) + 2);
            assertThat(report.get("packetsPerSecond").asDouble()).isGreaterThan(20.0);
        }
    }

    @Test
    void simulate_whenNothingListens_thenItExitsOneQuicklyWithOneLineOfError() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        long start = System.nanoTime();
        SimulatorRun run = SimulatorRun.execute("--port", port, "--devices", 50, "--duration", "30s", "--json");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().strip()).doesNotContain("\n").contains("127.0.0.1:" + port);
    }

    @Test
    void simulate_whenTheServerAcksAWrongCount_thenCountsItAndExitsOne() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(1, -1)) {
            SimulatorRun run = SimulatorRun.execute("--port", peer.port(), "--devices", 2, "--records", 3,
                    "--duration", "500ms", "--json");

            assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
            JsonNode report = run.json();
            assertThat(report.get("wrongAcks").asLong()).isPositive().isEqualTo(report.get("packetsSent").asLong());
            assertThat(report.get("recordsAcked").asLong()).isZero();
            assertThat(run.stderr()).contains("wrong record count");
        }
    }

    @Test
    void simulate_whenEveryHandshakeIsRefused_thenExitsOneNamingTheRefusal() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(0, 0)) {
            SimulatorRun run = SimulatorRun.execute("--port", peer.port(), "--devices", 3, "--duration", "30s");

            assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr().strip()).doesNotContain("\n").contains("refused IMEI");
        }
    }
}
