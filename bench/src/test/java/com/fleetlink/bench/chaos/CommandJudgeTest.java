package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.registry.command.CommandStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker's four command checks and its empty-restart rule, on histories written by hand. */
class CommandJudgeTest {
    private static final String IMEI = "350007000000001";
    /** The run's clock in these histories: wall-clock micros, Redis ms = micros / 1000. */
    private static final long T0 = 1_800_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    private final GroundTruth truth = new GroundTruth();
    private final List<SentCommand> sent = new ArrayList<>();
    private final List<CommandEvent> events = new ArrayList<>();
    private final Map<String, Integer> writes = new HashMap<>();
    private final Map<String, Integer> replies = new HashMap<>();
    private final List<FaultLog.Window> faults = new ArrayList<>();

    private SentCommand send(String id, CommandKind kind, long atMicros) {
        var request = kind.request(id, IMEI);
        SentCommand command = new SentCommand(id, IMEI, kind, request.maxAttempts(), request.noReply(),
                request.responseTimeout().toMillis(), request.expire().toMillis(), atMicros, atMicros + 1_000);
        sent.add(command);
        return command;
    }

    private void event(String id, CommandStatus status, int attempt, long atMicros, String result) {
        events.add(new CommandEvent(id, IMEI, status, attempt, atMicros / 1_000, result));
    }

    private void event(String id, CommandStatus status, int attempt, long atMicros) {
        event(id, status, attempt, atMicros, "");
    }

    /** queued, dispatching, sent, responded with the device's reply, read and answered once by the device. */
    private void answered(String id, long fromMicros) {
        event(id, CommandStatus.QUEUED, 0, fromMicros);
        event(id, CommandStatus.DISPATCHING, 1, fromMicros + 10_000);
        event(id, CommandStatus.SENT, 1, fromMicros + 20_000);
        event(id, CommandStatus.RESPONDED, 1, fromMicros + 30_000, CommandText.reply(CommandText.of(id)));
        writes.merge(id, 1, Integer::sum);
        replies.merge(id, 1, Integer::sum);
    }

    private void socket(long ackedMicros, long closedMicros) {
        GroundTruth.Span span = truth.opening(IMEI, "chaos-a");
        span.ackedMicros = ackedMicros;
        span.closedMicros = closedMicros;
    }

    private CommandJudge judge() {
        return new CommandJudge(sent, events, new DeviceCommandLog.Counts(writes, replies, 0), truth, faults);
    }

    @Test
    void notTerminal_whenTheStreamEndsAtSent_thenCountsIt() {
        send("c0", CommandKind.PLAIN, T0);
        answered("c0", T0);
        send("c1", CommandKind.PLAIN, T0);
        event("c1", CommandStatus.QUEUED, 0, T0);
        event("c1", CommandStatus.DISPATCHING, 1, T0 + 10_000);
        event("c1", CommandStatus.SENT, 1, T0 + 20_000);

        assertThat(judge().notTerminal()).isEqualTo(1);
        assertThat(judge().report()).extracting("byTerminalStatus").asString().contains("responded=1", "notTerminal=1");
    }

    @Test
    void writesOverMax_whenADeviceReadAnAtMostOnceCommandTwice_thenCountsIt() {
        send("c0", CommandKind.PLAIN, T0);
        answered("c0", T0);
        writes.put("c0", 2);

        assertThat(judge().writesOverMax()).isEqualTo(1);
    }

    @Test
    void writesOverMax_whenATwoAttemptCommandWasReadTwice_thenCountsNothing() {
        send("c0", CommandKind.TWO_ATTEMPTS, T0);
        answered("c0", T0);
        writes.put("c0", 2);

        assertThat(judge().writesOverMax()).isZero();
    }

    @Test
    void staleOutcomes_whenRespondedCarriesAnotherCommandsReply_thenCountsIt() {
        send("c0", CommandKind.PLAIN, T0);
        answered("c0", T0);
        send("c1", CommandKind.PLAIN, T0 + SECOND);
        event("c1", CommandStatus.QUEUED, 0, T0 + SECOND);
        event("c1", CommandStatus.SENT, 1, T0 + SECOND + 10_000);
        // c0's late reply taken for c1's.
        event("c1", CommandStatus.RESPONDED, 1, T0 + SECOND + 20_000, CommandText.reply(CommandText.of("c0")));
        writes.put("c1", 1);

        assertThat(judge().staleOutcomes()).isEqualTo(1);
    }

    @Test
    void staleOutcomes_whenNoDeviceAnsweredTheCommand_thenCountsItsResponded() {
        send("c0", CommandKind.PLAIN, T0);
        answered("c0", T0);
        replies.remove("c0");

        assertThat(judge().staleOutcomes()).isEqualTo(1);
    }

    @Test
    void staleOutcomes_whenAStatusFollowsATerminalOne_thenCountsIt() {
        send("c0", CommandKind.TWO_ATTEMPTS, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.DISPATCHING, 1, T0 + 10_000);
        event("c0", CommandStatus.UNKNOWN, 1, T0 + 20_000);
        // An outcome applied to a finished command.
        event("c0", CommandStatus.RESPONDED, 1, T0 + 30_000, CommandText.reply(CommandText.of("c0")));
        writes.put("c0", 1);
        replies.put("c0", 1);

        assertThat(judge().staleOutcomes()).isEqualTo(1);
    }

    @Test
    void staleOutcomes_whenAnOlderAttemptFollowsANewerOne_thenCountsIt() {
        send("c0", CommandKind.TWO_ATTEMPTS, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.DISPATCHING, 1, T0 + 10_000);
        event("c0", CommandStatus.QUEUED, 1, T0 + 20_000);
        event("c0", CommandStatus.DISPATCHING, 2, T0 + 30_000);
        event("c0", CommandStatus.SENT, 1, T0 + 40_000);

        assertThat(judge().staleOutcomes()).isEqualTo(1);
    }

    @Test
    void staleOutcomes_whenTheStreamRepeatsStateChanges_thenCountsNothing() {
        send("c0", CommandKind.PLAIN, T0);
        answered("c0", T0);
        // At-least-once delivery: the drain added the last entries again after a crash.
        event("c0", CommandStatus.SENT, 1, T0 + 20_000);
        event("c0", CommandStatus.RESPONDED, 1, T0 + 30_000, CommandText.reply(CommandText.of("c0")));

        assertThat(judge().staleOutcomes()).isZero();
        assertThat(judge().notTerminal()).isZero();
    }

    @Test
    void respondedShortfall_whenAnEligibleCommandEndedUnknown_thenCountsIt() {
        socket(T0 - SECOND, 0);
        send("c0", CommandKind.PLAIN, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.SENT, 1, T0 + 10_000);
        event("c0", CommandStatus.UNKNOWN, 1, T0 + 5 * SECOND);
        writes.put("c0", 1);

        assertThat(judge().eligible()).hasSize(1);
        assertThat(judge().respondedShortfall()).isEqualTo(1);
    }

    @Test
    void respondedShortfall_whenOneOfAHundredEligibleCommandsMissed_thenMeetsTheGoal() {
        socket(T0 - SECOND, 0);
        for (int i = 0; i < 100; i++) {
            send("c" + i, CommandKind.PLAIN, T0 + i * 10_000);
            if (i > 0) {
                answered("c" + i, T0 + i * 10_000);
            }
        }
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.EXPIRED, 0, T0 + 20 * SECOND);

        assertThat(judge().respondedShortfall()).isZero();
    }

    @Test
    void eligible_whenTheSocketClosedWithinTheWindowOrTheCommandNeedsNoReply_thenLeavesItOut() {
        // Open from before the enqueue until 1 s past the response timeout: 1 s short of the margin.
        socket(T0 - SECOND, T0 + 6 * SECOND);
        send("c0", CommandKind.PLAIN, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.EXPIRED, 0, T0 + 20 * SECOND);
        send("c1", CommandKind.NO_REPLY, T0);

        assertThat(judge().eligible()).isEmpty();
        assertThat(judge().respondedShortfall()).isZero();
    }

    @Test
    void eligible_whenTheHoldersSidecarWasKilledWithinTheWindow_thenLeavesItOut() {
        socket(T0 - SECOND, 0);
        send("c0", CommandKind.PLAIN, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.DISPATCHING, 1, T0 + 10_000);
        event("c0", CommandStatus.UNKNOWN, 1, T0 + 40 * SECOND);
        // Another instance's sidecar fault changes nothing; the holder's own does.
        faults.add(new FaultLog.Window(FaultKind.SIDECAR_KILL, "chaos-b", T0 + SECOND, T0 + 3 * SECOND));
        assertThat(judge().eligible()).hasSize(1);

        faults.add(new FaultLog.Window(FaultKind.SIDECAR_KILL, "chaos-a", T0 + SECOND, T0 + 3 * SECOND));

        assertThat(judge().eligible()).isEmpty();
        assertThat(judge().respondedShortfall()).isZero();
    }

    @Test
    void destroyed_whenEnqueuedBeforeAnEmptyRestartAndNotTerminalAtIt_thenLeftOutOfEveryCheck() {
        send("c0", CommandKind.PLAIN, T0);
        event("c0", CommandStatus.QUEUED, 0, T0);
        event("c0", CommandStatus.SENT, 1, T0 + 10_000);
        writes.put("c0", 1);
        send("c1", CommandKind.PLAIN, T0);
        answered("c1", T0);
        faults.add(new FaultLog.Window(FaultKind.REDIS_RESTART_EMPTY, "redis", T0 + SECOND, T0 + 2 * SECOND));
        // After the restart: c1 is done, c0 is gone, and c2 is new.
        send("c2", CommandKind.PLAIN, T0 + 3 * SECOND);
        event("c2", CommandStatus.QUEUED, 0, T0 + 3 * SECOND);

        CommandJudge judge = judge();

        assertThat(judge.judged()).extracting(SentCommand::id).containsExactly("c1", "c2");
        assertThat(judge.notTerminal()).isEqualTo(1);
        assertThat(judge.report()).containsEntry("destroyedByEmptyRestart", 1L);
    }
}
