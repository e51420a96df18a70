package com.fleetlink.registry.replay;

import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.ImeiConverter;
import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.registry.core.JournalKind;
import com.fleetlink.registry.eventlog.EventLogEntry;
import com.fleetlink.registry.eventlog.EventLogReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code registry-sidecar replay}: reads event logs (rotated files oldest first, gzip or not),
 * prints the timeline and the held set and registry hash the events imply at the end or at
 * {@code --until}, and with {@code --apply} writes the same registry writes into a scratch Redis.
 * Damaged lines are reported on stderr and skipped; they never end the replay.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = {"Replay the sidecar's event log: the timeline, then the held set and the registry the events imply.",
                "Damaged lines (a torn last line after a crash) are reported on stderr and skipped. Pings and pongs are left out of the timeline.",
                "Exit codes: 0 replayed, 1 --apply failed or refused, 2 usage."})
public final class ReplayCommand implements Callable<Integer> {
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
            description = "Event-log files or directories (their events.log and rotated events-*.log.gz); read in writing order.")
    List<Path> paths;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Stop at this time: an ISO-8601 instant (2026-11-27T09:30:00Z) or ms since the epoch.")
    Instant until;

    @Option(names = "--imei", paramLabel = "IMEI", converter = ImeiConverter.class,
            description = "Only this device, in the timeline and the state.")
    String imei;

    @Option(names = "--instance", paramLabel = "ID",
            description = "The instance the log belongs to (default: from the log's start lines).")
    String instance;

    @Option(names = "--apply", paramLabel = "REDIS_URI",
            description = "Also write the replayed registry writes into this scratch Redis, through the sidecar's own scripts.")
    String applyUri;

    @Option(names = "--force", description = "With --apply: replay even if connections:registry already has entries.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> files = logFiles();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        EventLogReader reader = EventLogReader.ofFiles(files, problem -> {
            problems.add(problem.toString());
            err.println("replay: skipped " + problem);
            err.flush();
        });
        ReplayOutput output = json ? new JsonReplayOutput(out) : new TextReplayOutput(out);
        try (RedisReplayTarget target = applyUri == null ? null : RedisReplayTarget.open(applyUri, APPLY_TIMEOUT, force)) {
            Consumer<RegistryOp> writes = target == null ? op -> { } : target;
            ReplayState state = new ReplayState(instance, writes);
            long[] applied = {0};
            long read = reader.read(entry -> {
                if (until != null && entry.ts() > until.toEpochMilli()) {
                    return;
                }
                if (shown(state, entry)) {
                    output.timeline(entry);
                }
                state.apply(entry);
                applied[0]++;
            });
            ReplayOutput.Applied result = target == null ? null
                    : new ReplayOutput.Applied(target.uri(), target.finish(), target.hash());
            output.end(new ReplayOutput.Summary(reader.files().stream().map(Path::toString).toList(), state.instance(),
                    until == null ? null : until.toString(), read, applied[0], problems,
                    restrict(state.held()), restrict(state.registry()), result));
        }
        return ExitCodes.OK;
    }

    /** The timeline leaves out the liveness chatter, and with {@code --imei} everything not about the device. */
    private boolean shown(ReplayState state, EventLogEntry entry) {
        boolean chatter = JournalKind.of(entry.kind()) == JournalKind.RECEIVED
                && (entry.type().equals("pong") || entry.type().equals("ping"));
        return !chatter && (imei == null || state.touches(entry, imei));
    }

    private <V> SortedMap<String, V> restrict(SortedMap<String, V> map) {
        if (imei == null) {
            return map;
        }
        SortedMap<String, V> one = new TreeMap<>();
        V value = map.get(imei);
        if (value != null) {
            one.put(imei, value);
        }
        return one;
    }

    private List<Path> logFiles() {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new CommandFailure.Usage("replay: no such file or directory: " + p);
            }
            files.addAll(Files.isDirectory(p) ? EventLogReader.of(p).files() : List.of(p));
        }
        return files;
    }
}
