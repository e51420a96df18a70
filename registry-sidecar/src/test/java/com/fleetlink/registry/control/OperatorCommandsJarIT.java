package com.fleetlink.registry.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.testkit.Jars;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import com.fleetlink.testkit.SidecarProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' commands as operators run them: {@code java -jar registry-sidecar.jar …} as a child
 * process, where the exit code, the split of stdout and stderr, and the terminal are real.
 */
@Tag("integration")
class OperatorCommandsJarIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String IMEI = "356307042441013";

    @TempDir
    Path dir;

    /** A finished child: exit code, stdout, stderr. */
    private record Result(int exitCode, String out, String err) {
    }

    private Result java(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", Jars.sidecar().toString()));
        command.addAll(List.of(args));
        return exec(command, stdin);
    }

    private Result exec(List<String> command, String stdin) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void status_whenNoDaemon_exits3WithOneLineOnStderrAndNothingOnStdout() throws Exception {
        Result r = java("", "status", "--socket", dir.resolve("absent.sock").toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("no socket at");
    }

    @Test
    void statusJson_againstARunningSidecar_isTheOnlyThingOnStdout_andReleaseAsksOnTheTerminal() throws Exception {
        Path socket = dir.resolve("registry.sock");
        try (RedisServer redis = RedisServers.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            RedisCommands<String, String> sync = client.connect().sync();
            try (SidecarProcess sidecar = SidecarProcess.builder(JavaProgram.jar(Jars.sidecar(), List.of()), dir, "pod-jar",
                    socket, redis.uri()).eventLog(dir.resolve("log")).launch()) {
                sidecar.awaitStarted(WAIT);
                try (LocalClient ingestion = LocalClient.connect(socket)) {
                    ingestion.send(new Hello(1, 1, "boot-jar"));
                    ingestion.await(Welcome.class, WAIT);
                    ingestion.send(new Snapshot("s", List.<HeldDevice>of(), true));
                    ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
                    Poll.until(WAIT, "registered", () -> "pod-jar".equals(sync.hget("connections:registry", IMEI)));

                    Result status = java("", "status", "--socket", socket.toString(), "--json");
                    assertThat(status.exitCode()).as(status.err()).isZero();
                    assertThat(status.err()).isEmpty();
                    JsonNode report = new ObjectMapper().readTree(status.out());
                    assertThat(report.path("held").asInt()).isEqualTo(1);
                    assertThat(report.path("instance").asText()).isEqualTo("pod-jar");
                    assertThat(status.out().strip()).doesNotContain("\n");

                    Result declined = onTerminal("n\n", "release", "--socket", socket.toString());
                    assertThat(declined.exitCode()).isEqualTo(2);
                    assertThat(declined.out()).contains("Release the 1 devices pod-jar holds").contains("not confirmed");
                    assertThat(sync.hget("connections:registry", IMEI)).isEqualTo("pod-jar");

                    Result confirmed = onTerminal("y\n", "release", "--socket", socket.toString());
                    assertThat(confirmed.exitCode()).as(confirmed.out()).isZero();
                    assertThat(confirmed.out()).contains("released 1 of 1 held entries");
                    assertThat(sync.hget("connections:registry", IMEI)).isNull();
                }
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    /**
     * The daemon reads the local protocol's lines and writes control replies with the streaming
     * parser and generator alone: databind's ~400 classes would stay in its metaspace for the pod's
     * life (docs/benchmark-history.md, issue 14's seventh round). A snapshot (the tree reader), a
     * register and a {@code status} reply, then the JVM's own list of loaded classes.
     */
    @Test
    void daemon_whenItTakesASnapshotAndAnswersStatus_hasLoadedNoDatabindClass() throws Exception {
        Path socket = dir.resolve("registry.sock");
        try (RedisServer redis = RedisServers.start();
             SidecarProcess sidecar = SidecarProcess.builder(JavaProgram.jar(Jars.sidecar(), List.of()), dir, "pod-lean",
                     socket, redis.uri()).eventLog(dir.resolve("log")).launch()) {
            sidecar.awaitStarted(WAIT);
            try (LocalClient ingestion = LocalClient.connect(socket)) {
                ingestion.send(new Hello(1, 1, "boot-lean"));
                ingestion.await(Welcome.class, WAIT);
                ingestion.send(new Snapshot("s", List.of(new HeldDevice(IMEI, 1, HeldDevice.NO_AT)), true));
                ingestion.send(new Register("356307042441014", 2, System.currentTimeMillis(), 1));
                sidecar.awaitIdle(WAIT);
                assertThat(sidecar.status().path("held").asInt()).isEqualTo(2);
            }

            Result classes = exec(List.of("jcmd", Long.toString(sidecar.pid()), "VM.class_hierarchy"), "");
            assertThat(classes.exitCode()).as(classes.err()).isZero();
            assertThat(classes.out()).as("the daemon's loaded classes").contains("com.fleetlink.protocol.io.JsonTree")
                    .doesNotContain("com.fasterxml.jackson.databind.");
        }
    }

    /** Runs the jar on a pseudo-terminal ({@code script}), typing {@code typed}; stdout holds the whole terminal. */
    private Result onTerminal(String typed, String... args) throws Exception {
        StringBuilder inner = new StringBuilder("java -jar '" + Jars.sidecar() + "'");
        for (String a : args) {
            inner.append(" '").append(a).append('\'');
        }
        return exec(List.of("script", "-qec", inner.toString(), "/dev/null"), typed);
    }
}
