package com.fleetlink.ingestion;

import com.fleetlink.ingestion.decode.DecodeCommand;
import com.fleetlink.ingestion.server.RunCommand;
import com.fleetlink.ingestion.simulate.SimulateCommand;
import com.fleetlink.protocol.cli.CompletionCommand;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.cli.ProbeCommand;
import com.fleetlink.protocol.cli.StandardCommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ingestion.jar}. */
@Command(name = "ingestion", mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Teltonika TCP ingestion server and its tools.",
        subcommands = {RunCommand.class, DecodeCommand.class, SimulateCommand.class, ProbeCommand.class,
                CompletionCommand.class})
public final class IngestionMain {

    public static void main(String[] args) {
        System.exit(StandardCommandLine.of(new IngestionMain()).execute(args));
    }
}
