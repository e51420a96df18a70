package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.control.ControlReply;
import com.fleetlink.protocol.control.ControlReplyCodec;
import com.fleetlink.protocol.control.DeviceStatusReply;
import com.fleetlink.protocol.control.FailedReply;
import com.fleetlink.protocol.control.StatusReply;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar status}: what the running sidecar believes, or with {@code --imei} what it
 * and Redis say about one device. Exit 0 healthy, 1 degraded (Redis away or the heartbeat stale; for
 * {@code --imei}: Redis could not be asked; or the sidecar failed to build the report), 3 the sidecar
 * did not answer.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Show what the running sidecar believes: session, Redis, heartbeat, held entries, reconcile, event log.",
                "Exit codes: 0 healthy, 1 degraded (Redis away, heartbeat stale), 2 usage, 3 sidecar unreachable."})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ControlOptions control;

    @Option(names = "--imei", paramLabel = "IMEI", converter = ImeiConverter.class,
            description = "Ask about one device: held here (on which conn, since when), its owner in Redis, that owner's heartbeat.")
    String imei;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ControlClient client = control.client(ControlOptions.READ_TIMEOUT);
        return imei == null
                ? print(client.call(new ControlRequest(ControlCommand.STATUS), StatusReply.class),
                        StatusText::sidecar, StatusReply::healthy)
                : print(client.call(new ControlRequest(ControlCommand.STATUS, imei), DeviceStatusReply.class),
                        StatusText::device, device -> device.redis().error() == null);
    }

    /**
     * Prints the answer (as it came with {@code --json}, else as a table, or one line when the sidecar
     * could not build the report); returns 0 when the report says {@code fine}, else 1.
     */
    private <T extends ControlReply> int print(ControlAnswer<T> answer, Function<T, String> table, Predicate<T> fine) {
        Optional<FailedReply> failure = ControlReplyCodec.failure(answer.line());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.line());
        } else {
            out.print(failure.map(f -> "status failed: " + f.error() + "\n").orElseGet(() -> table.apply(answer.reply())));
        }
        out.flush();
        return failure.isEmpty() && fine.test(answer.reply()) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
