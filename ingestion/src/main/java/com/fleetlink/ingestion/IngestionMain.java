package com.fleetlink.ingestion;

import com.fleetlink.ingestion.decode.DecodeCommand;
import com.fleetlink.ingestion.server.RunCommand;
import com.fleetlink.ingestion.simulate.SimulateCommand;
import com.fleetlink.protocol.cli.StandardCommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ingestion.jar}. */
@Command(name = "ingestion", mixinStandardHelpOptions = true,
        versionProvider = IngestionMain.Version.class,
        description = "Teltonika TCP ingestion server and its tools.",
        subcommands = {RunCommand.class, DecodeCommand.class, SimulateCommand.class})
public final class IngestionMain {

    public static void main(String[] args) {
        System.exit(StandardCommandLine.of(new IngestionMain()).execute(args));
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = IngestionMain.class.getPackage().getImplementationVersion();
            return new String[] {"ingestion " + (v == null ? "development build" : v)};
        }
    }
}
