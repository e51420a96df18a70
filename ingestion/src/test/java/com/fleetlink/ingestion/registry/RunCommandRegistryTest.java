package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingestion run --registry-socket} as a real process: SIGTERM stops accepting, sends
 * {@code shutdown}, waits for {@code released}, then closes the device sockets and exits 0
 * (design §4 rule 8).
 */
class RunCommandRegistryTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigterm_releasesThroughTheSidecarBeforeClosingDevicesAndExitsZero() throws Exception {
        Path socket = dir.resolve("registry.sock");
        Path stderr = dir.resolve("stderr.log");
        try (FakeSidecar sidecar = FakeSidecar.listen(socket)) {
            process = start(socket, stderr);
            int port = portFrom(stderr);
            Hello hello = sidecar.expect(Hello.class);
            assertThat(hello.pid()).isEqualTo(process.pid());
            sidecar.expectSnapshot();
            try (DeviceClient device = DeviceClient.connect(port, "356307042441013")) {
                sidecar.expect(Register.class);

                process.destroy(); // SIGTERM

                sidecar.expect(Shutdown.class);
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                        .as("no new devices once the stop began").isInstanceOf(ConnectException.class);
                assertThat(device.sendRecord(1_700_000_000_000L))
                        .as("connected devices are served until the sidecar released them").isEqualTo(1);
                sidecar.send(new Released(1));
                assertThat(device.closedByServer()).isTrue();
            }
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exits after the drain").isTrue();
            assertThat(process.exitValue()).isZero();
            sidecar.expectNone(Unregister.class, u -> true, Duration.ZERO);
        }
    }

    @Test
    void withoutRegistrySocket_runsAloneAndExitsZero() throws Exception {
        Path stderr = dir.resolve("stderr.log");
        process = start(null, stderr);
        int port = portFrom(stderr);
        try (DeviceClient device = DeviceClient.connect(port, "356307042441013")) {
            assertThat(device.sendRecord(1_700_000_000_000L)).isEqualTo(1);
            process.destroy();
            assertThat(device.closedByServer()).isTrue();
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(stderr)).doesNotContain("registry");
    }

    private Process start(Path socket, Path stderr) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The child runs with the production log configuration: the test's logback-test.xml would hide its port line.
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                IngestionMain.class.getName(), "run",
                "--host", "127.0.0.1", "--port", "0",
                "--telemetry", dir.resolve("telemetry.jsonl").toString(),
                "--drain-timeout", "2s"));
        if (socket != null) {
            command.addAll(List.of("--registry-socket", socket.toString(), "--registry-shutdown-timeout", "5s"));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile());
        builder.environment().remove("REGISTRY_SOCKET");
        builder.environment().remove("REGISTRY_SHUTDOWN_TIMEOUT");
        return builder.start();
    }

    private int portFrom(Path stderr) {
        int[] port = new int[1];
        Poll.until(() -> {
            try {
                Matcher m = LISTENING.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(1));
                    return true;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }, () -> "the server to log its port; stderr so far: " + readQuietly(stderr));
        return port[0];
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
