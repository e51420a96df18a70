package com.fleetlink.registry.command.cli;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.registry.command.CancelResult;
import com.fleetlink.registry.command.CommandStoreOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code registry-sidecar cancel}: cancels a queued command; one already claimed may be written any moment and stays. */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Cancel a queued outbound command. A command already claimed or ended is left as it is.",
                "Exit codes: 0 cancelled, 1 not cancellable or no such command, 2 usage, 3 Redis unreachable."})
public final class CancelCommand implements Callable<Integer> {
    @Mixin
    CommandRedisOptions redis;

    @Option(names = "--imei", required = true, paramLabel = "IMEI", converter = ImeiConverter.class, description = "The device.")
    String imei;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The command.")
    String id;

    @Option(names = "--json", description = "Print the command as one JSON object on one line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (CommandSession session = CommandSession.open("cancel", redis, CommandStoreOptions.DEFAULT_QUEUE_LIMIT)) {
            CancelResult result = session.await(session.store().cancel(imei, id));
            CommandPrinter printer = new CommandPrinter(spec.commandLine().getOut(), json);
            if (result instanceof CancelResult.Cancelled cancelled) {
                printer.print(cancelled.command());
                return ExitCodes.OK;
            }
            if (result instanceof CancelResult.InProgress p) {
                printer.print(p.current());
                throw new CommandFailure.OperationFailed("cancel: " + id + " is " + p.current().status().word()
                        + " and may be written any moment; it is not cancelled");
            }
            if (result instanceof CancelResult.AlreadyFinished f) {
                printer.print(f.current());
                throw new CommandFailure.OperationFailed("cancel: " + id + " already ended " + f.current().status().word());
            }
            throw new CommandFailure.OperationFailed("cancel: " + imei + " has no command " + id);
        }
    }
}
