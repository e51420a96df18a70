package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.ingestion.IngestionMain;
import com.fleetlink.protocol.cli.StandardCommandLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One {@code ingestion simulate ...} run in this JVM, through the same picocli setup as {@code
 * main}, with stdout and stderr captured.
 *
 * @param exitCode what {@code main} would exit with
 * @param stdout   the command's output
 * @param stderr   its error output
 */
record SimulatorRun(int exitCode, String stdout, String stderr) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs {@code simulate} with these arguments (each turned into a string). */
    static SimulatorRun execute(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = StandardCommandLine.of(new IngestionMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] argv = Stream.concat(Stream.of("simulate"), Arrays.stream(args).map(String::valueOf))
                .toArray(String[]::new);
        long start = System.nanoTime();
        int code = cli.execute(argv);
        // In the test's report, so a slow or failing run can be read after the fact.
        System.out.printf("%s -> exit %d in %d ms%n%s%s", String.join(" ", argv), code,
                (System.nanoTime() - start) / 1_000_000, out, err);
        return new SimulatorRun(code, out.toString(), err.toString());
    }

    /** The single JSON object {@code --json} printed; fails unless stdout is exactly one. */
    JsonNode json() {
        String text = stdout.strip();
        assertThat(text).as("stdout of --json is one line: %s", this).doesNotContain("\n").startsWith("{");
        try {
            JsonNode node = MAPPER.readTree(text);
            assertThat(node.isObject()).as(text).isTrue();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
