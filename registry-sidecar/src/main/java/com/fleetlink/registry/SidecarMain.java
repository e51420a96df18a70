package com.fleetlink.registry;

import com.fleetlink.protocol.cli.CompletionCommand;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.cli.ProbeCommand;
import com.fleetlink.protocol.cli.StandardCommandLine;
import com.fleetlink.registry.command.cli.CancelCommand;
import com.fleetlink.registry.command.cli.CommandsCommand;
import com.fleetlink.registry.command.cli.SendCommand;
import com.fleetlink.registry.control.FlushCommand;
import com.fleetlink.registry.control.ReleaseCommand;
import com.fleetlink.registry.control.StatusCommand;
import com.fleetlink.registry.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code registry-sidecar.jar}: the daemon and the operators' commands. */
@Command(name = "registry-sidecar", mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Keeps Redis' connections:registry in step with the devices the ingestion holds.",
        subcommands = {RunCommand.class, StatusCommand.class, FlushCommand.class, ReleaseCommand.class,
                ReplayCommand.class, SendCommand.class, CommandsCommand.class, CancelCommand.class, ProbeCommand.class,
                CompletionCommand.class})
public final class SidecarMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line {@link #main} runs, for tests that run a command in-process. */
    public static CommandLine commandLine() {
        return StandardCommandLine.of(new SidecarMain());
    }
}
