package com.fleetlink.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.http.MetricsHttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code probe} against a real {@link MetricsHttpServer} on a free loopback port, and against ports that do not answer. */
class ProbeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private MetricsHttpServer server;

    @BeforeEach
    void start() throws Exception {
        // Alive but not ready: the two endpoints must give different exit codes.
        server = MetricsHttpServer.start("127.0.0.1", 0, new PrometheusRegistry(), () -> true, () -> false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int probe(String... args) {
        CommandLine cli = StandardCommandLine.of(new ProbeCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void probe_whenLivezAnswers200_thenExit0AndOneOkLine() {
        int exit = probe("--port", String.valueOf(server.port()));

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("ok: http://127.0.0.1:" + server.port() + "/livez answered 200" + System.lineSeparator());
    }

    @Test
    void probe_whenReadyzAnswers503_thenExit1() {
        int exit = probe("--port", String.valueOf(server.port()), "--path", "/readyz");

        assertThat(exit).isEqualTo(ExitCodes.FAILURE);
        assertThat(out.toString()).startsWith("not ok: ").contains("/readyz answered 503").hasLineCount(1);
    }

    @Test
    void probe_whenNothingListens_thenExit3() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        int exit = probe("--port", String.valueOf(closedPort));

        assertThat(exit).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(out.toString()).startsWith("unreachable: ").hasLineCount(1);
    }

    @Test
    void probe_whenThePortAcceptsButNeverAnswers_thenExit1AfterTheTimeout() throws Exception {
        // The kernel completes the TCP handshake from the backlog; nobody ever reads the request.
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            int exit = probe("--port", String.valueOf(silent.getLocalPort()), "--timeout", "300ms");

            assertThat(exit).isEqualTo(ExitCodes.FAILURE);
            assertThat(out.toString()).contains("gave no answer within 300 ms").hasLineCount(1);
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(300_000_000L);
        }
    }

    @Test
    void probe_whenNoPortGiven_thenUsageExit2WithOneLineReason() {
        // METRICS_PORT is the fallback; a test environment that sets it would make this test meaningless.
        assertThat(System.getenv("METRICS_PORT")).isNull();

        int exit = probe();

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("invalid setting: no metrics port: pass --port or set METRICS_PORT" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
