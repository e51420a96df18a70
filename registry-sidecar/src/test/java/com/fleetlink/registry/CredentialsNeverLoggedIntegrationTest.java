package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.testkit.ControlClient;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import com.fleetlink.testkit.SidecarProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis password never leaves the sidecar: real sidecar processes run with a password URI
 * against an ACL-protected redis-server — once with a wrong password, once with the right one
 * through registration, Redis going down and shutdown — and neither their logs, nor
 * {@code status}, nor the event log files contain it.
 */
@Tag("integration")
class CredentialsNeverLoggedIntegrationTest {
    private static final String PASSWORD = "Sup3r-Secret-Value-42";
    private static final String WRONG_PASSWORD = "Wr0ng-Secret-Value-17";
    private static final String IMEI = "356307042441013";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<String> statusReplies = new ArrayList<>();

    @Test
    void password_neverInLogsStatusOrEventLog_onSuccessWrongPasswordAndRedisDown() throws Exception {
        try (RedisServer redis = RedisServers.start("--user", "default", "off",
                "--user", "fleet", "on", ">" + PASSWORD, "~*", "&*", "+@all")) {
            String uri = "redis://fleet:%s@" + redis.host() + ":" + redis.port();

            try (SidecarProcess wrong = start("wrong", String.format(uri, WRONG_PASSWORD))) {
                wrong.process().awaitLog("unreachable", WAIT);
                statusReplies.add(status(dir.resolve("wrong.sock")));
                assertThat(wrong.process().terminate(WAIT)).isZero();
                assertNoSecret(wrong.process().stderr());
                assertThat(wrong.process().stderr()).contains("redis://fleet:***@" + redis.host() + ":" + redis.port());
            }

            try (SidecarProcess right = start("right", String.format(uri, PASSWORD))) {
                right.process().awaitLog("connected", WAIT);
                // The ingestion stays attached while Redis goes down, then leaves: grace expiry and
                // shutdown both try to release against a Redis that is gone.
                try (LocalClient ingestion = registerThroughSocket(dir.resolve("right.sock"), String.format(uri, PASSWORD))) {
                    statusReplies.add(status(dir.resolve("right.sock")));
                    redis.kill();
                    right.process().awaitLog("disconnected", WAIT);
                    statusReplies.add(status(dir.resolve("right.sock")));
                }
                right.process().awaitLog("no ingestion for the grace period", WAIT);
                assertThat(right.process().terminate(WAIT)).isZero();
                assertNoSecret(right.process().stderr());
            }
        }
        assertThat(statusReplies).hasSize(3).allSatisfy(CredentialsNeverLoggedIntegrationTest::assertNoSecret);
        assertThat(eventLogText()).contains(IMEI);
        assertNoSecret(eventLogText());
    }

    /** A sidecar JVM on this module's class path, its log in {@code NAME.stderr}. */
    private SidecarProcess start(String name, String redisUri) {
        JavaProgram sidecar = JavaProgram.mainClass(SidecarMain.class.getName(), JavaProgram.TEST_JVM_OPTIONS);
        return SidecarProcess.builder(sidecar, dir, "pod-a", dir.resolve(name + ".sock"), redisUri).name(name)
                .eventLog(dir.resolve(name + "-events"))
                .args(List.of("--heartbeat-interval", "300ms", "--heartbeat-ttl", "2s", "--grace", "800ms",
                        "--reconcile-interval", "1s", "--shutdown-wait", "1s", "--redis-timeout", "500ms",
                        // Under the short heartbeat TTL, or the sidecar refuses to start; its log lines are checked too.
                        "--janitor-interval", "1s"))
                .launch();
    }

    /** Attaches an ingestion that registers {@code IMEI}, waits until Redis shows it, and returns the open ingestion. */
    private static LocalClient registerThroughSocket(Path socket, String uri) throws Exception {
        RedisClient client = RedisClient.create(uri);
        LocalClient ingestion = LocalClient.attachEmpty(socket, "boot", WAIT);
        try (StatefulRedisConnection<String, String> check = client.connect()) {
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            Poll.until(WAIT, "registered", () -> "pod-a".equals(check.sync().hget("connections:registry", IMEI)));
            return ingestion;
        } finally {
            client.shutdown();
        }
    }

    /** Waits until the socket answers and returns its status line. */
    private static String status(Path socket) throws Exception {
        Poll.until(WAIT, "socket " + socket, () -> Files.exists(socket));
        String reply = ControlClient.request(socket, "status", WAIT);
        assertThat(reply).contains("\"type\":\"status\"");
        return reply;
    }

    private String eventLogText() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.getParent().getFileName().toString().endsWith("-events")).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(WRONG_PASSWORD);
    }
}
