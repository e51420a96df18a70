package com.fleetlink.registry.command.cli;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.command.StoredCommand;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry-sidecar commands}: a device's commands, unfinished and finished within the retention, oldest first. */
@Command(name = "commands", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"List a device's outbound commands, oldest first: unfinished, and finished within the retention.",
                "Exit codes: 0 listed, 1 --id names no command, 2 usage, 3 Redis unreachable."})
public final class CommandsCommand implements Callable<Integer> {
    @Mixin
    CommandRedisOptions redis;

    @Option(names = "--imei", required = true, paramLabel = "IMEI", converter = ImeiConverter.class, description = "The device.")
    String imei;

    @Option(names = "--id", paramLabel = "ID", description = "Only this command.")
    String id;

    @Option(names = "--json", description = "One JSON object per command, one per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CommandSession session = CommandSession.open("commands", redis, CommandStoreOptions.DEFAULT_QUEUE_LIMIT)) {
            List<StoredCommand> commands = id == null ? session.await(session.store().commands(imei))
                    : session.await(session.store().command(imei, id)).stream().toList();
            if (id != null && commands.isEmpty()) {
                throw new CommandFailure.OperationFailed("commands: " + imei + " has no command " + id);
            }
            CommandPrinter printer = new CommandPrinter(spec.commandLine().getOut(), json);
            commands.forEach(printer::print);
            return ExitCodes.OK;
        }
    }
}
