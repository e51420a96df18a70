package com.fleetlink.registry;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.cli.ProbeCommand;
import com.fleetlink.protocol.cli.StandardCommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code registry-sidecar.jar}. */
@Command(name = "registry-sidecar", mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Keeps Redis' connections:registry in step with the devices the ingestion holds.",
        subcommands = {RunCommand.class, ProbeCommand.class})
public final class SidecarMain {

    public static void main(String[] args) {
        System.exit(StandardCommandLine.of(new SidecarMain()).execute(args));
    }
}
