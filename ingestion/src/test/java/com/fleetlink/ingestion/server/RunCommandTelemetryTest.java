package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.StandardCommandLine;
import com.fleetlink.testkit.RefusalRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code run --telemetry}: a sink the server does not know, or a Kafka sink set up wrong, is refused
 * at start, in one line, and creates nothing.
 */
class RunCommandTelemetryTest {

    @ParameterizedTest
    @ValueSource(strings = {"mqtt://localhost:1883/telemetry", "amqp://broker/queue"})
    void run_whenTelemetryIsAUriOfAnUnknownSink_thenUsageErrorAndNoDirectoryNamedAfterItsScheme(String uri) {
        StringWriter err = new StringWriter();

        int code = refusal(err, "run", "--port", "0", "--telemetry", uri);

        String scheme = uri.substring(0, uri.indexOf("://") + 1);
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--telemetry").contains(scheme + "//");
        assertThat(Files.exists(Path.of(scheme))).as("a directory named " + scheme).isFalse();
    }

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

        int code = property.isEmpty()
                ? refusal(err, "run", "--port", "0", "--telemetry", uri)
                : refusal(err, "run", "--port", "0", "--telemetry", uri, "--kafka-property", property);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--telemetry " + uri).contains(says);
    }

    /**
     * Runs {@code args} in this JVM with stderr into {@code err}; a server that wrongly accepted its
     * flags would start and wait for SIGTERM, so it is stopped and the test fails within seconds.
     */
    private static int refusal(StringWriter err, String... args) {
        CommandLine cli = StandardCommandLine.of(new IngestionMain());
        cli.setErr(new PrintWriter(err, true));
        return RefusalRun.within("ingestion " + String.join(" ", args), () -> cli.execute(args));
    }
}
