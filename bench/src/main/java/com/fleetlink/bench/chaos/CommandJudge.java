package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.Stats;
import com.fleetlink.registry.command.CommandStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges the run's commands from three views: what the sender enqueued, what the event stream said
 * became of each, and what the devices read and answered. Four checks, each a count that must be 0:
 * {@link #notTerminal}, {@link #writesOverMax}, {@link #staleOutcomes} and {@link #respondedShortfall}.
 *
 * <p>A command is <em>destroyed by an empty restart</em>, and left out of every check, when its first
 * enqueue was sent before an empty restart's SIGKILL and no terminal status of it had reached the
 * stream with a time before that SIGKILL: its state (queue, hash, lease, stream entries) was lost
 * with the data set, and nothing can finish it or stop it from being written again. Commands no
 * enqueue of which was ever accepted are left out too (their state is unknown).
 *
 * <p>The responded goal asks only what the design promises: a command whose device held one socket
 * through its window, on an instance whose sidecar ran through that window. A sidecar killed or
 * stopped while it has a command claimed leaves the claim to lapse into {@code unknown} (design §9),
 * whatever the socket does, so such a command is not {@link #eligible}.
 */
final class CommandJudge {
    /** The share of {@link #eligible} commands that must end {@code responded}. */
    static final double RESPONDED_GOAL = 0.99;
    /** A command is eligible when its device's socket stayed open this long past its window. */
    static final long CONNECTED_MARGIN_MICROS = 2_000_000;
    private static final int EXAMPLES = 5;

    private final List<SentCommand> sent;
    private final Map<String, List<CommandEvent>> changes = new HashMap<>();
    private final DeviceCommandLog.Counts devices;
    private final GroundTruth truth;
    private final List<Long> emptyRestartMicros;
    private final List<FaultLog.Window> sidecarOutages;

    /**
     * @param events the stream's entries in stream order, duplicates included
     * @param faults every fault window of the run (wall clock)
     */
    CommandJudge(List<SentCommand> sent, List<CommandEvent> events, DeviceCommandLog.Counts devices, GroundTruth truth,
                 List<FaultLog.Window> faults) {
        this.sent = List.copyOf(sent);
        this.devices = devices;
        this.truth = truth;
        this.emptyRestartMicros = faults.stream().filter(w -> w.kind() == FaultKind.REDIS_RESTART_EMPTY)
                .map(FaultLog.Window::startMicros).toList();
        this.sidecarOutages = faults.stream()
                .filter(w -> w.kind() == FaultKind.SIDECAR_KILL || w.kind() == FaultKind.SIDECAR_TERM).toList();
        for (CommandEvent event : events) {
            List<CommandEvent> list = changes.computeIfAbsent(event.id(), k -> new ArrayList<>());
            // At-least-once delivery: a state change may be in the stream twice; the first counts.
            if (list.stream().noneMatch(event::sameChange)) {
                list.add(event);
            }
        }
    }

    /** Whether an empty restart destroyed the command's state (see the class comment). */
    boolean destroyed(SentCommand command) {
        return emptyRestartMicros.stream().anyMatch(kill -> command.firstTryMicros() < kill
                && changesOf(command).stream().noneMatch(e -> e.status().terminal() && e.timeMs() * 1_000 < kill));
    }

    /** Commands the checks judge: accepted and not destroyed. */
    List<SentCommand> judged() {
        return sent.stream().filter(c -> c.accepted() && !destroyed(c)).toList();
    }

    /** Judged commands with no terminal status in the stream. */
    long notTerminal() {
        return judged().stream().filter(this::unfinished).count();
    }

    /** Judged commands the devices read more often than their max attempts allow. */
    long writesOverMax() {
        return judged().stream().filter(this::overMax).count();
    }

    /**
     * Judged commands with an outcome applied that was not this command's: a {@code responded}
     * whose result is not the device's reply to this command (or that no device sent), a status
     * after a terminal one, or an attempt lower than an earlier entry's.
     */
    long staleOutcomes() {
        return judged().stream().filter(this::stale).count();
    }

    /**
     * Judged commands that await a reply, may wait unwritten at least their response timeout, and
     * whose device held one socket, answered before the enqueue was accepted and not closed until
     * {@link #CONNECTED_MARGIN_MICROS} after the window (the accept plus the response timeout) ended,
     * on an instance whose sidecar was neither killed nor stopped meanwhile.
     */
    List<SentCommand> eligible() {
        return judged().stream().filter(c -> !c.noReply() && c.expireMs() >= c.responseTimeoutMs()
                && heldThrough(c.imei(), c.acceptedMicros(),
                c.acceptedMicros() + c.responseTimeoutMs() * 1_000 + CONNECTED_MARGIN_MICROS)).toList();
    }

    /** How many more {@link #eligible} commands would have had to end {@code responded} to reach the goal. */
    long respondedShortfall() {
        List<SentCommand> eligible = eligible();
        long responded = eligible.stream().filter(this::responded).count();
        return Math.max(0, (long) Math.ceil(eligible.size() * RESPONDED_GOAL - 1e-9) - responded);
    }

    /** The totals and the four checks with examples, for the JSON report. */
    Map<String, Object> report() {
        List<SentCommand> judged = judged();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enqueued", sent.stream().filter(SentCommand::accepted).count());
        out.put("neverAccepted", sent.stream().filter(c -> !c.accepted()).count());
        out.put("destroyedByEmptyRestart", sent.stream().filter(c -> c.accepted() && destroyed(c)).count());
        out.put("judged", judged.size());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        judged.stream().map(this::terminal).filter(Objects::nonNull).sorted()
                .forEach(status -> byStatus.merge(status.word(), 1L, Long::sum));
        byStatus.put("notTerminal", judged.stream().filter(this::unfinished).count());
        out.put("byTerminalStatus", byStatus);
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (CommandKind kind : CommandKind.values()) {
            byKind.put(kind.label(), judged.stream().filter(c -> c.kind() == kind).count());
        }
        out.put("byKind", byKind);
        List<SentCommand> eligible = eligible();
        long responded = eligible.stream().filter(this::responded).count();
        out.put("eligibleForResponded", eligible.size());
        out.put("respondedOfEligible", responded);
        out.put("respondedShare", eligible.isEmpty() ? null : Stats.round((double) responded / eligible.size(), 4));
        out.put("enqueueToRespondedMs", latency(judged));
        out.put("deviceWrites", devices.writes().values().stream().mapToLong(Integer::longValue).sum());
        out.put("deviceReplies", devices.replies().values().stream().mapToLong(Integer::longValue).sum());
        out.put("foreignCommandFrames", devices.foreign());
        out.put("examples", examples(judged, eligible));
        return out;
    }

    private Map<String, Object> examples(List<SentCommand> judged, List<SentCommand> eligible) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("notTerminal", judged.stream().filter(this::unfinished).limit(EXAMPLES)
                .map(c -> c.id() + " " + describe(c)).toList());
        out.put("writesOverMax", judged.stream().filter(this::overMax).limit(EXAMPLES)
                .map(c -> c.id() + " read " + devices.writesOf(c.id()) + " times, max " + c.maxAttempts()).toList());
        out.put("staleOutcomes", judged.stream().filter(this::stale).limit(EXAMPLES)
                .map(c -> c.id() + " " + staleChange(c) + " in " + describe(c)).toList());
        out.put("eligibleNotResponded", eligible.stream().filter(c -> !responded(c)).limit(EXAMPLES)
                .map(c -> c.id() + " " + describe(c)).toList());
        return out;
    }

    /** p50 and p99 of the time from the {@code queued} entry to the {@code responded} one, in Redis' clock. */
    private Map<String, Object> latency(List<SentCommand> judged) {
        long[] millis = judged.stream().mapToLong(c -> {
            List<CommandEvent> list = changesOf(c);
            CommandEvent responded = list.stream().filter(e -> e.status() == CommandStatus.RESPONDED).findFirst().orElse(null);
            return responded == null || list.get(0).status() != CommandStatus.QUEUED ? -1 : responded.timeMs() - list.get(0).timeMs();
        }).filter(ms -> ms >= 0).sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", millis.length);
        out.put("p50", millis.length == 0 ? null : Stats.percentile(millis, 50));
        out.put("p99", millis.length == 0 ? null : Stats.percentile(millis, 99));
        return out;
    }

    /** The first entry that shows an outcome not this command's, described; {@code null} when none. */
    private String staleChange(SentCommand command) {
        String reply = CommandText.reply(CommandText.of(command.id()));
        CommandEvent terminal = null;
        int attempt = 0;
        for (CommandEvent e : changesOf(command)) {
            if (terminal != null) {
                return e.status().word() + " after " + terminal.status().word();
            }
            if (e.attempt() < attempt) {
                return e.status().word() + " of attempt " + e.attempt() + " after attempt " + attempt;
            }
            if (e.status() == CommandStatus.RESPONDED && (!reply.equals(e.result()) || devices.repliesOf(command.id()) == 0)) {
                return "responded with '" + e.result() + "' (device replies " + devices.repliesOf(command.id()) + ")";
            }
            attempt = e.attempt();
            terminal = e.status().terminal() ? e : null;
        }
        return null;
    }

    private boolean unfinished(SentCommand command) {
        return terminal(command) == null;
    }

    private boolean overMax(SentCommand command) {
        return devices.writesOf(command.id()) > command.maxAttempts();
    }

    private boolean stale(SentCommand command) {
        return staleChange(command) != null;
    }

    private boolean responded(SentCommand command) {
        return terminal(command) == CommandStatus.RESPONDED;
    }

    private CommandStatus terminal(SentCommand command) {
        return changesOf(command).stream().map(CommandEvent::status).filter(CommandStatus::terminal).findFirst().orElse(null);
    }

    private List<CommandEvent> changesOf(SentCommand command) {
        return changes.getOrDefault(command.id(), List.of());
    }

    private boolean heldThrough(String imei, long fromMicros, long toMicros) {
        return truth.spans(imei).stream().anyMatch(s -> s.ackedMicros != 0 && s.ackedMicros <= fromMicros
                && (s.closedMicros == 0 || s.closedMicros >= toMicros)
                && sidecarOutages.stream().noneMatch(w -> w.target().equals(s.instance) && w.covers(fromMicros, toMicros)));
    }

    private String describe(SentCommand command) {
        return "(" + command.kind().label() + " to " + command.imei() + ": "
                + changesOf(command).stream().map(e -> e.status().word() + "/" + e.attempt()).toList() + ")";
    }
}
