package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.StandardCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code run --telemetry}: a sink the server does not know, or a Kafka sink set up wrong, is refused
 * at start, in one line, and creates nothing.
 */
class RunCommandTelemetryTest {

    // A server that wrongly accepted the URI would start and wait for SIGTERM: fail instead of hanging.
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest
    @ValueSource(strings = {"mqtt://localhost:1883/telemetry", "amqp://broker/queue"})
    void run_whenTelemetryIsAUriOfAnUnknownSink_thenUsageErrorAndNoDirectoryNamedAfterItsScheme(String uri) {
        StringWriter err = new StringWriter();
        CommandLine cli = StandardCommandLine.of(new IngestionMain());
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("run", "--port", "0", "--telemetry", uri);

        String scheme = uri.substring(0, uri.indexOf("://") + 1);
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--telemetry").contains(scheme + "//");
        assertThat(Files.exists(Path.of(scheme))).as("a directory named " + scheme).isFalse();
    }

    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kafka://localhost:9092           | ''                        | names no topic",
            "kafka://localhost/telemetry      | ''                        | is not HOST:PORT",
            "kafka://localhost:0/telemetry    | ''                        | no port",
            "kafka://localhost:9092/two words | ''                        | is not 1 to 249",
            "kafka://localhost:9092/telemetry | acks=1                    | acks is set by the sink",
            "kafka://localhost:9092/telemetry | compression.type=rar      | compression.type",
    })
    void run_whenKafkaSinkIsSetUpWrong_thenUsageErrorInOneLineNamingTheProblem(String uri, String property, String says) {
        StringWriter err = new StringWriter();
        CommandLine cli = StandardCommandLine.of(new IngestionMain());
        cli.setErr(new PrintWriter(err, true));

        int code = property.isEmpty()
                ? cli.execute("run", "--port", "0", "--telemetry", uri)
                : cli.execute("run", "--port", "0", "--telemetry", uri, "--kafka-property", property);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--telemetry " + uri).contains(says);
    }
}
