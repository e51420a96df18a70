package com.fleetlink.registry;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.cli.StandardCommandLine;
import com.fleetlink.registry.control.FlushCommand;
import com.fleetlink.registry.control.ReleaseCommand;
import com.fleetlink.registry.control.StatusCommand;
import com.fleetlink.registry.replay.ReplayCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code registry-sidecar.jar}: the daemon and the operators' commands. */
@Command(name = "registry-sidecar", mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Keeps Redis' connections:registry in step with the devices the ingestion holds.",
        subcommands = {RunCommand.class, StatusCommand.class, FlushCommand.class, ReleaseCommand.class,
                ReplayCommand.class})
public final class SidecarMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line {@link #main} runs, for tests that run a command in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = StandardCommandLine.of(new SidecarMain());
        // picocli's own completion command, under a shorter name, visible in --help and with our --version.
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().versionProvider(new ManifestVersion()).usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(java -jar registry-sidecar.jar completion)");
        cli.addSubcommand("completion", completion);
        return cli;
    }
}
