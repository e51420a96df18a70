package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.control.FlushReply;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar flush}: heartbeat and a full reconcile now, then what it changed. Also
 * ends an operator's {@code release}. Exit 1 when Redis could not be reached or the work did not
 * finish, 3 when the sidecar did not answer.
 */
@Command(name = "flush", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Write the heartbeat and reconcile the whole registry now; print what changed. Ends a release.",
                "Exit codes: 0 done, 1 Redis unreachable or work left, 2 usage, 3 sidecar unreachable."})
public final class FlushCommand implements Callable<Integer> {
    @Mixin
    ControlOptions control;

    @Option(names = "--json", description = "Print the sidecar's JSON reply instead of a sentence.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ControlAnswer<FlushReply> answer = control.client(ControlOptions.WORK_TIMEOUT)
                .call(new ControlRequest(ControlCommand.FLUSH), FlushReply.class);
        return OutcomeReply.print(spec.commandLine().getOut(), answer, json, FlushCommand::sentence, FlushReply::ok);
    }

    private static String sentence(FlushReply reply) {
        String changes = "repaired " + reply.repaired() + ", released " + reply.released()
                + ", conflicts " + reply.conflicts() + "; " + reply.held() + " devices held";
        return reply.ok() ? "flushed: heartbeat written, registry reconciled: " + changes
                : "flush failed: " + (reply.error() == null ? "unknown error" : reply.error()) + " (" + changes + ")";
    }
}
