package com.fleetlink.registry.control;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.control.ReleaseReply;
import com.fleetlink.protocol.control.StatusReply;
import com.fleetlink.protocol.local.LocalMessage.ControlCommand;
import com.fleetlink.protocol.local.LocalMessage.ControlRequest;
import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar release}: the manual form of the shutdown cleanup, for draining a pod.
 * Deletes every field this instance holds (compare-and-delete, so another owner's entry stays) and
 * stops repairs until {@code flush} or a new ingestion session. Asks on the terminal first unless
 * {@code --yes}; without a terminal it refuses rather than guess.
 */
@Command(name = "release", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Unregister every device this instance holds and stop repairs until flush or a new ingestion session.",
                "Asks for confirmation on the terminal unless --yes.",
                "Exit codes: 0 released, 1 Redis failed (retried by the sidecar), 2 usage or not confirmed, 3 sidecar unreachable."})
public final class ReleaseCommand implements Callable<Integer> {
    @Mixin
    ControlOptions control;

    @Option(names = {"-y", "--yes"}, description = "Do not ask; needed when there is no terminal (scripts, kubectl exec without -t).")
    boolean yes;

    @Option(names = "--json", description = "Print the sidecar's JSON reply instead of a sentence.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ControlClient client = control.client(ControlOptions.WORK_TIMEOUT);
        if (!yes) {
            confirm(client);
        }
        ControlAnswer<ReleaseReply> answer = client.call(new ControlRequest(ControlCommand.RELEASE), ReleaseReply.class);
        return OutcomeReply.print(spec.commandLine().getOut(), answer, json, r -> "released " + r.released()
                + " of " + r.held() + " held entries"
                + (r.ok() ? "" : " (some deletes failed; the sidecar retries them)")
                + "; no repairs until flush or a new ingestion session", ReleaseReply::ok);
    }

    /** Shows what would go and waits for a yes; anything else, or no terminal, ends the command (exit 2). */
    private static void confirm(ControlClient client) {
        Console console = System.console();
        if (console == null) {
            throw new CommandFailure.Usage("release: no terminal to confirm on; pass --yes to release without asking");
        }
        StatusReply status = client.call(new ControlRequest(ControlCommand.STATUS), StatusReply.class).reply();
        String answer = console.readLine("Release the %d devices %s holds from connections:registry? [y/N] ",
                status.held(), status.instance());
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw new CommandFailure.Usage("release: not confirmed; nothing released");
        }
    }
}
