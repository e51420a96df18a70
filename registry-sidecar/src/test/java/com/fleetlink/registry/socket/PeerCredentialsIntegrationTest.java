package com.fleetlink.registry.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.AdminEndpoint;
import com.fleetlink.testkit.ControlClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer credentials on the real socket: a client process started under another uid (with
 * {@code setpriv}) is refused and counted, one sharing the sidecar's group or listed with
 * {@code --allow-peer-uid} is served. The socket's directory and file are opened up to everyone
 * here, so the credential check, not the file mode, is what the other uid meets.
 */
@Tag("integration")
class PeerCredentialsIntegrationTest {
    private static final int NOBODY = 65534;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REFUSED = "teltonika_registry_refused_peers_total{reason=\"credentials\"}";

    @TempDir
    Path dir;

    private RedisServer redis;
    private SidecarDaemon daemon;
    private Path socket;
    private Path probe;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisServers.start();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = dir.resolve("run").resolve("registry.sock");
        probe = dir.resolve("PeerProbe.java");
        try (InputStream source = PeerCredentialsIntegrationTest.class.getResourceAsStream("/peer-probe/PeerProbe.java")) {
            Files.write(probe, source.readAllBytes());
        }
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void tearDown() {
        if (daemon != null) {
            daemon.close();
        }
        redis.close();
    }

    private void startSidecar(Set<Integer> extraUids) throws Exception {
        daemon = SidecarHarness.start(SidecarHarness.options("pod-a"), SidecarHarness.redisSettings(redis.uri(), false),
                new LocalSocketSettings(socket, PeerCredentialPolicy.ofThisProcess(extraUids),
                        LocalSocketSettings.DEFAULT_MAX_CONNECTIONS));
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    /** Runs the probe as {@code uid}:{@code gid} with no supplementary groups; returns its one output line. */
    private String probeAs(int uid, int gid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-Duser.home=" + dir, probe.toString(), socket.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe did not finish");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("probe output: %s", output).isZero();
        return output;
    }

    @Test
    void peerOfAnotherUidAndGroup_isRefusedAndCounted_whileTheSidecarsOwnUidIsServed() throws Exception {
        startSidecar(Set.of());

        assertThat(probeAs(NOBODY, NOBODY)).startsWith("CLOSED");
        Poll.until(WAIT, "refusal counted", () -> AdminEndpoint.onPort(daemon.metricsPort()).value(REFUSED) == 1.0);

        assertThat(ControlClient.request(socket, "status", WAIT)).contains("\"type\":\"status\"");
        assertThat(AdminEndpoint.onPort(daemon.metricsPort()).value(REFUSED)).isEqualTo(1.0);
    }

    @Test
    void peerSharingTheSidecarsGroup_isServed() throws Exception {
        startSidecar(Set.of());
        int ownGid = PeerCredentialPolicy.ofThisProcess(Set.of()).ownGid();

        assertThat(probeAs(NOBODY, ownGid)).startsWith("REPLY ").contains("\"type\":\"status\"");
        assertThat(AdminEndpoint.onPort(daemon.metricsPort()).value(REFUSED)).isZero();
    }

    @Test
    void peerUidListedWithAllowPeerUid_isServed() throws Exception {
        startSidecar(Set.of(NOBODY));

        assertThat(probeAs(NOBODY, NOBODY)).startsWith("REPLY ").contains("\"type\":\"status\"");
        assertThat(AdminEndpoint.onPort(daemon.metricsPort()).value(REFUSED)).isZero();
    }

    @Test
    void connectionsBeyondTheCap_areClosedAtAcceptAndCounted() throws Exception {
        daemon = SidecarHarness.start(SidecarHarness.options("pod-a"), SidecarHarness.redisSettings(redis.uri(), false),
                new LocalSocketSettings(socket, PeerCredentialPolicy.ofThisProcess(Set.of()), 2));
        try (LocalClient first = LocalClient.connect(socket); LocalClient second = LocalClient.connect(socket);
             LocalClient third = LocalClient.connect(socket)) {
            assertThat(third.closedWithin(WAIT)).isTrue();
            assertThat(AdminEndpoint.onPort(daemon.metricsPort())
                    .value("teltonika_registry_refused_peers_total{reason=\"connection_limit\"}")).isEqualTo(1.0);
            assertThat(AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_registry_local_connections")).isEqualTo(2.0);
        }
        Poll.until(WAIT, "slots freed",
                () -> AdminEndpoint.onPort(daemon.metricsPort()).value("teltonika_registry_local_connections") == 0);
        assertThat(ControlClient.request(socket, "status", WAIT)).contains("\"type\":\"status\"");
    }
}
