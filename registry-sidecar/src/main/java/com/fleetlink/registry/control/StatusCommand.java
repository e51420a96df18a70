package com.fleetlink.registry.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar status}: what the running sidecar believes, or with {@code --imei} what it
 * and Redis say about one device. Exit 0 healthy, 1 degraded (Redis away or the heartbeat stale; for
 * {@code --imei}: Redis could not be asked), 3 the sidecar did not answer.
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
        JsonNode reply = control.client(ControlOptions.READ_TIMEOUT).call(new ControlRequest(ControlCommand.STATUS, imei));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(reply);
        } else {
            out.print(imei == null ? StatusText.sidecar(reply) : StatusText.device(reply));
        }
        out.flush();
        boolean fine = imei == null ? reply.path("healthy").asBoolean(false) : !reply.path("redis").has("error");
        return fine ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
