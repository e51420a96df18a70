package com.fleetlink.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.systemtests.support.ChildProcesses;
import com.fleetlink.systemtests.support.Device;
import com.fleetlink.systemtests.support.Imeis;
import com.fleetlink.systemtests.support.RegistryAwaits;
import com.fleetlink.systemtests.support.RegistryView;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.Jars;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Pod;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServerProcess;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's tools read from a running pod started with {@code --log-format json}: every
 * stderr line of both processes is one JSON object whose message is formatted, the lines about a
 * device or a rejection carry imei, remote and reason as fields, and both {@code /metrics} export the
 * JVM, build and latency families (and answer 404 off their paths).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperatorTelemetryIT {
    private static final String ID = "pod-ops";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> JSON_LOGS = List.of("--log-format", "json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final ChildProcesses CHILDREN = new ChildProcesses();

    @TempDir
    static Path dir;

    private static RedisServerProcess redis;
    private static RegistryView registry;
    private static Pod pod;

    @BeforeAll
    static void startPod() throws Exception {
        redis = RedisServerProcess.start();
        registry = RegistryView.connect(redis.uri());
        pod = Pod.builder(ID, dir, redis.uri(), JavaProgram.jar(Jars.sidecar(), JavaProgram.TEST_JVM_OPTIONS),
                        JavaProgram.jar(Jars.ingestion(), JavaProgram.TEST_JVM_OPTIONS))
                .sidecarFlags(JSON_LOGS).ingestionFlags(JSON_LOGS).metrics().owner(CHILDREN).start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void jsonLogs_whenDeviceClosedForBadBytesAndSocketLineRejected_thenEveryLineIsJsonWithItsFields() throws Exception {
        String imei = Imeis.nth(1);
        try (Device device = Device.connect(pod.port(), imei)) {
            new RegistryAwaits(registry, CHILDREN::tails).owner(imei, ID);
            device.sendPacket(1);
        }
        String badImei = Imeis.nth(2);
        try (Socket socket = new Socket("127.0.0.1", pod.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x00, 0x0F});
            out.write(badImei.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 8, 8, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
        }
        try (SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            peer.connect(UnixDomainSocketAddress.of(dir.resolve(ID + ".sock")));
            peer.write(ByteBuffer.wrap("not a hello\n".getBytes(StandardCharsets.UTF_8)));
        }

        JsonNode close = awaitJsonLine(pod.ingestion().process(), "reason", "bad_frame");
        assertThat(close.path("imei").asText()).isEqualTo(badImei);
        assertThat(close.path("remote").asText()).contains("127.0.0.1:");
        assertThat(close.path("level").asText()).isEqualTo("WARN");
        JsonNode rejected = awaitJsonLine(pod.sidecar().process(), "reason", "not_json");
        assertThat(rejected.path("message").asText()).startsWith("rejected line (not_json)");
        for (ChildProcess process : List.of(pod.ingestion().process(), pod.sidecar().process())) {
            assertThat(jsonLines(process)).as("%s logged", process.name()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void metrics_whenAPacketWasAcked_thenJvmBuildAndLatencyFamiliesAreScrapedFromBoth() throws Exception {
        String imei = Imeis.nth(3);
        try (Device device = Device.connect(pod.port(), imei)) {
            new RegistryAwaits(registry, CHILDREN::tails).owner(imei, ID);
            device.sendPacket(2);
        }
        AdminEndpoint ingestion = pod.ingestion().metrics();
        AdminEndpoint sidecar = pod.sidecar().metrics();
        Poll.until(WAIT, "the register written by the ingestion's registry client",
                () -> ingestion.value("teltonika_registry_queue_wait_seconds_count") >= 1);

        String common = "teltonika_build_info{commit=\"";
        assertThat(ingestion.scrape().toString()).contains(common)
                .contains("\njvm_memory_used_bytes{").contains("\nprocess_cpu_seconds_total ")
                .contains("\nteltonika_ack_latency_seconds_bucket{le=\"0.005\"} ")
                .contains("\nteltonika_sink_write_seconds_bucket{le=\"0.005\"} ")
                .contains("\nteltonika_registry_queue_wait_seconds_bucket{le=\"0.005\"} ")
                .contains("\nteltonika_registry_events_total{type=\"register\"} ")
                .doesNotContain("teltonika_registry_lines_received_total");
        assertThat(ingestion.value("teltonika_ack_latency_seconds_count")).isPositive();
        assertThat(sidecar.scrape().toString()).contains(common)
                .contains("\njvm_memory_used_bytes{").contains("\nprocess_cpu_seconds_total ")
                .contains("\nteltonika_registry_redis_script_seconds_bucket{operation=\"register\",le=\"0.005\"} ")
                .contains("\nteltonika_registry_registration_lag_seconds_bucket{le=\"0.005\"} ")
                .contains("\nteltonika_registry_event_log_dropped_total 0")
                .contains("\nteltonika_registry_event_log_write_errors_total 0")
                .contains("\nteltonika_registry_lines_received_total{type=\"register\"} ")
                .doesNotContain("teltonika_registry_events_total");
        assertThat(sidecar.value("teltonika_registry_registration_lag_seconds_count")).isPositive();
        for (AdminEndpoint endpoint : List.of(ingestion, sidecar)) {
            assertThat(endpoint.status("/no-such-path")).isEqualTo(404);
            assertThat(endpoint.status("/metrics/extra")).isEqualTo(404);
        }
    }

    /** Waits for a line whose {@code field} is {@code value}; every line must be JSON meanwhile. */
    private static JsonNode awaitJsonLine(ChildProcess process, String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        Poll.until(WAIT, process.name() + " logging " + field + "=" + value, () -> {
            found.clear();
            jsonLines(process).stream().filter(line -> value.equals(line.path(field).asText())).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Every stderr line so far, each parsed; fails on one that is not a JSON object with a formatted message. */
    private static List<JsonNode> jsonLines(ChildProcess process) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : process.stderr().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode json;
            try {
                json = MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(process.name() + " wrote a line that is not JSON: " + line, e);
            }
            assertThat(json.isObject()).as("%s: %s", process.name(), line).isTrue();
            assertThat(json.path("message").asText()).as("%s: %s", process.name(), line).isNotEmpty().doesNotContain("{}");
            lines.add(json);
        }
        return lines;
    }
}
