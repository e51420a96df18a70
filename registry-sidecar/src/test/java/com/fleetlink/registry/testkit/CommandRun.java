package com.fleetlink.registry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.registry.SidecarMain;
import com.fleetlink.testkit.RefusalRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * One {@code registry-sidecar} command run in this JVM, the way {@code main} runs it, with stdout
 * and stderr captured apart.
 *
 * @param exitCode what {@code main} would exit with
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code args} (a subcommand and its flags). */
    public static CommandRun execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SidecarMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code args}, a command that must refuse its flags; one that starts the daemon instead
     * fails the test within seconds ({@link RefusalRun}) rather than waiting for SIGTERM forever.
     */
    public static CommandRun refusal(String... args) {
        return RefusalRun.within("registry-sidecar " + String.join(" ", args), () -> execute(args));
    }

    /** stdout read as one JSON object. */
    public JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + out + " / stderr: " + err, e);
        }
    }
}
