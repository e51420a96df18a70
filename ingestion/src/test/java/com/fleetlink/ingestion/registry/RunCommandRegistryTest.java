package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.ingestion.testkit.DeviceClient;
import com.fleetlink.ingestion.testkit.IngestionJvm;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Released;
import com.fleetlink.protocol.local.LocalMessage.Shutdown;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.testkit.IngestionProcess;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingestion run --registry-socket} as a real process: SIGTERM stops accepting, sends
 * {@code shutdown}, waits for {@code released}, then closes the device sockets and exits 0; with
 * {@code --drain-duration} the sockets close first, each unregistering, then {@code shutdown}
 * (design §4 rule 8).
 */
class RunCommandRegistryTest {
    @TempDir
    Path dir;

    private IngestionProcess process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.close();
        }
    }

    @Test
    void sigterm_releasesThroughTheSidecarBeforeClosingDevicesAndExitsZero() throws Exception {
        Path socket = dir.resolve("registry.sock");
        try (FakeSidecar sidecar = FakeSidecar.listen(socket)) {
            process = start(socket);
            int port = process.port();
            Hello hello = sidecar.expect(Hello.class);
            assertThat(hello.pid()).isEqualTo(process.pid());
            sidecar.expectSnapshot();
            try (DeviceClient device = DeviceClient.connect(port, "356307042441013")) {
                sidecar.expect(Register.class);

                process.process().sigterm();

                sidecar.expect(Shutdown.class);
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                        .as("no new devices once the stop began").isInstanceOf(ConnectException.class);
                assertThat(device.sendRecord(1_700_000_000_000L))
                        .as("connected devices are served until the sidecar released them").isEqualTo(1);
                sidecar.send(new Released(1));
                assertThat(device.closedByServer()).isTrue();
            }
            assertThat(process.process().exitWithin(Duration.ofSeconds(10))).as("exits 0 after the drain").isZero();
            sidecar.expectNone(Unregister.class, u -> true, Duration.ZERO);
        }
    }

    @Test
    void sigtermWithDrainDuration_unregistersEveryDeviceAsItsSocketClosesThenSendsShutdown() throws Exception {
        Path socket = dir.resolve("registry.sock");
        List<String> imeis = List.of("356307042441013", "352093081452251", "356307042441021");
        try (FakeSidecar sidecar = FakeSidecar.listen(socket)) {
            process = start(socket, "--drain-duration", "1s");
            sidecar.expect(Hello.class);
            sidecar.expectSnapshot();
            List<DeviceClient> devices = new ArrayList<>();
            try {
                for (String imei : imeis) {
                    devices.add(DeviceClient.connect(process.port(), imei));
                    sidecar.expect(Register.class, r -> r.imei().equals(imei));
                }

                process.process().sigterm();

                // Oldest first, each an ordinary unregister, all before the shutdown.
                for (String imei : imeis) {
                    assertThat(sidecar.expect(Unregister.class).imei()).isEqualTo(imei);
                }
                sidecar.expect(Shutdown.class);
                sidecar.send(new Released(0));
                for (DeviceClient device : devices) {
                    assertThat(device.closedByServer()).isTrue();
                }
            } finally {
                for (DeviceClient device : devices) {
                    device.close();
                }
            }
            assertThat(process.process().exitWithin(Duration.ofSeconds(10))).as("exits 0 after the drain").isZero();
        }
    }

    @Test
    void withoutRegistrySocket_runsAloneAndExitsZero() throws Exception {
        process = start(null);
        int port = process.port();
        try (DeviceClient device = DeviceClient.connect(port, "356307042441013")) {
            assertThat(device.sendRecord(1_700_000_000_000L)).isEqualTo(1);
            process.process().sigterm();
            assertThat(device.closedByServer()).isTrue();
        }
        assertThat(process.process().exitWithin(Duration.ofSeconds(10))).isZero();
        assertThat(process.process().stderr()).doesNotContain("registry");
    }

    /** The server with a short drain timeout and {@code more} flags, told about the sidecar at {@code socket} unless it is null. */
    private IngestionProcess start(Path socket, String... more) {
        IngestionProcess.Builder server = IngestionJvm.builder(dir).telemetry(dir.resolve("telemetry.jsonl"))
                .args(List.of("--drain-timeout", "2s")).args(List.of(more));
        if (socket != null) {
            server.registrySocket(socket).args(List.of("--registry-shutdown-timeout", "5s"));
        }
        return server.start();
    }
}
