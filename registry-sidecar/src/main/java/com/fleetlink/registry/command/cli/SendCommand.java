package com.fleetlink.registry.command.cli;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.CommandStatus;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.command.EnqueueResult;
import com.fleetlink.registry.command.StoredCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar send}: enqueues a command for a device, wakes the instance the registry
 * names for it, and with {@code --wait} follows it to its end.
 */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Queue an outbound command for a device (design §9) and wake the instance holding it.",
                "Exit codes: 0 queued (without --wait), responded or sent_no_reply; 1 any other end, an id taken by another "
                        + "payload, a full queue, or a --wait that ran out; 2 usage; 3 Redis unreachable."})
public final class SendCommand implements Callable<Integer> {
    /** How often {@code --wait} reads the command again. */
    private static final Duration WAIT_POLL = Duration.ofMillis(100);

    @Mixin
    CommandRedisOptions redis;

    @Option(names = "--imei", required = true, paramLabel = "IMEI", converter = ImeiConverter.class, description = "The device.")
    String imei;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Payload payload;

    /** The command's bytes, given one way or the other. */
    static final class Payload {
        @Option(names = "--text", paramLabel = "TEXT", description = "The command as text, e.g. getver.")
        String text;

        @Option(names = "--hex", paramLabel = "HEX", description = "The command's bytes in hex.")
        String hex;
    }

    @Option(names = "--id", paramLabel = "ID", description = "The command's id, unique per device; sending again with the same id "
            + "and payload is the same command (default: a random UUID).")
    String id;

    @Option(names = "--requester", paramLabel = "WHO", defaultValue = "${env:COMMAND_REQUESTER:-}",
            description = "Who asks; kept with the command and in every event (COMMAND_REQUESTER, default: none).")
    String requester;

    @Option(names = "--response-timeout", paramLabel = "DURATION", defaultValue = "${env:COMMAND_RESPONSE_TIMEOUT:-30s}",
            description = "How long the device has to answer once written (COMMAND_RESPONSE_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration responseTimeout;

    @Option(names = "--expire", paramLabel = "DURATION", defaultValue = "${env:COMMAND_EXPIRE:-5m}",
            description = "How long it may wait unwritten, at most 7 days (168h) (COMMAND_EXPIRE, default ${DEFAULT-VALUE}).")
    Duration expire;

    @Option(names = "--no-queue", description = "End it at once (expired, reason offline) when no live instance holds the device.")
    boolean noQueue;

    @Option(names = "--no-reply", description = "Done once written; no reply is awaited.")
    boolean noReply;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "${env:COMMAND_MAX_ATTEMPTS:-1}",
            description = "Write it at most N times (COMMAND_MAX_ATTEMPTS, default ${DEFAULT-VALUE}: at most once).")
    int maxAttempts;

    @Option(names = "--codec", paramLabel = "12|14", defaultValue = "${env:COMMAND_CODEC:-12}",
            description = "12, or 14 (carries the IMEI; another device answers nACK) (COMMAND_CODEC, default ${DEFAULT-VALUE}).")
    int codec;

    @Option(names = "--queue-limit", paramLabel = "N", defaultValue = "${env:COMMAND_QUEUE_LIMIT:-" + CommandStoreOptions.DEFAULT_QUEUE_LIMIT + "}",
            description = "Refuse when the device has this many unfinished commands (COMMAND_QUEUE_LIMIT, default ${DEFAULT-VALUE}).")
    int queueLimit;

    @Option(names = "--wait", paramLabel = "DURATION", arity = "0..1", fallbackValue = "0s",
            description = "Wait for the command's end, at most this long (alone: the response timeout plus the expiry).")
    Duration wait;

    @Option(names = "--json", description = "Print the command as one JSON object on one line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandRequest request = new CommandRequest(id == null ? UUID.randomUUID().toString() : id, imei, requester, bytes(),
                payload.text != null, codec, expire, responseTimeout, noQueue, noReply, maxAttempts);
        try (CommandSession session = CommandSession.open("send", redis, queueLimit)) {
            StoredCommand command = accepted(session, session.await(session.store().enqueue(request)));
            if (command.status() == CommandStatus.QUEUED) {
                Optional<String> holder = session.await(session.store().liveHolder(imei));
                holder.ifPresent(instance -> session.await(session.store().wake(instance, imei)));
            }
            if (wait != null) {
                command = follow(session, command);
            }
            new CommandPrinter(spec.commandLine().getOut(), json).print(command);
            if (wait != null && !command.status().terminal()) {
                spec.commandLine().getErr().println("send: " + command.id() + " still " + command.status().word() + " when --wait ran out");
                return ExitCodes.FAILURE;
            }
            return succeeded(command) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    private byte[] bytes() {
        if (payload.text != null) {
            return payload.text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(payload.hex);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure.Usage("send: --hex '" + payload.hex + "' is not an even number of hex digits");
        }
    }

    private static StoredCommand accepted(CommandSession session, EnqueueResult result) {
        if (result instanceof EnqueueResult.Accepted accepted) {
            return accepted.command();
        }
        if (result instanceof EnqueueResult.Conflict conflict) {
            throw new CommandFailure.OperationFailed("send: id " + conflict.existing().id()
                    + " is taken by a command with another payload (" + conflict.existing().status().word() + ")");
        }
        throw new CommandFailure.OperationFailed("send: the device's queue is full; retry once its commands have ended");
    }

    /** Reads the command again until it ends or the wait runs out; the last state read. */
    private StoredCommand follow(CommandSession session, StoredCommand command) {
        Duration limit = wait.isZero() ? responseTimeout.plus(expire) : wait;
        long deadline = System.nanoTime() + limit.toNanos();
        StoredCommand last = command;
        while (!last.status().terminal() && System.nanoTime() < deadline) {
            pause();
            last = session.await(session.store().command(imei, last.id())).orElse(last);
        }
        return last;
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure.OperationFailed("send: interrupted while waiting");
        }
    }

    /** Accepted and still on its way, or done as asked. */
    private static boolean succeeded(StoredCommand command) {
        return !command.status().terminal() || command.status() == CommandStatus.RESPONDED
                || command.status() == CommandStatus.SENT_NO_REPLY;
    }
}
