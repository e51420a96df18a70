package com.fleetlink.protocol.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds a picocli {@link CommandLine} that follows design §7: a wrong flag or a bad setting is
 * one line on stderr naming it, then exit code 2; a {@link CommandFailure} is its message and its
 * exit code; an unexpected failure is one line and exit 1.
 */
public final class StandardCommandLine {
    private StandardCommandLine() {
    }

    /** The command line for a root command object, with durations understood everywhere. */
    public static CommandLine of(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // One line, so a script's log shows the whole complaint where it shows the command's exit.
            err.println(ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof CommandFailure failure) {
                err.println(failure.getMessage());
                return failure.exitCode();
            }
            if (ex instanceof IllegalArgumentException) {
                err.println("invalid setting: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            err.println(commandLine.getCommandSpec().qualifiedName() + " failed: " + ex);
            return ExitCodes.FAILURE;
        });
        return cli;
    }
}
