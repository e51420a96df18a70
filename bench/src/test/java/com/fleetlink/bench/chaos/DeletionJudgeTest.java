package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checker's definitions of a loser deleting or overwriting a winner, on ground truth recorded by hand. */
class DeletionJudgeTest {
    private static final String IMEI = "350007000000001";

    private final GroundTruth truth = new GroundTruth();
    private final FaultLog faults = new FaultLog();
    private final DeletionJudge judge = new DeletionJudge(truth, faults);

    private GroundTruth.Span answeredSocket(String instance) {
        GroundTruth.Span span = truth.opening(IMEI, instance);
        truth.acked(span);
        return span;
    }

    @Test
    void deleted_whenFieldNamedAnotherInstance_thenCountsCrossInstance() {
        GroundTruth.Span winner = answeredSocket("chaos-b");

        judge.deleted(winner.ackedMicros + 10, IMEI, "chaos-a", "chaos-b", winner.handshakeSentMicros + 1);

        assertThat(judge.loserDeletedWinner()).isEqualTo(1);
        assertThat(judge.report()).containsEntry("crossInstance", 1L);
    }

    @Test
    void deleted_whenOwnEntryOfTheLiveSocketGoes_thenCountsSameInstance() {
        GroundTruth.Span winner = answeredSocket("chaos-a");

        judge.deleted(winner.ackedMicros + 10, IMEI, "chaos-a", "chaos-a", winner.handshakeSentMicros + 1);

        assertThat(judge.loserDeletedWinner()).isEqualTo(1);
        assertThat(judge.report()).containsEntry("sameInstanceLiveEntry", 1L);
    }

    @Test
    void deleted_whenTheSocketHadClosed_thenIsNoViolation() {
        GroundTruth.Span socket = answeredSocket("chaos-a");
        truth.closed(socket);

        judge.deleted(socket.closedMicros + 1, IMEI, "chaos-a", "chaos-a", socket.handshakeSentMicros + 1);

        assertThat(judge.loserDeletedWinner()).isZero();
    }

    @Test
    void deleted_whenTheFieldWasAnOlderSocketsRegistration_thenIsNoViolation() {
        GroundTruth.Span winner = answeredSocket("chaos-a");

        // The previous socket's registration (decided at its handshake, seconds earlier) ran late, after a
        // Redis pause, and that socket's unregister deleted it before the new socket's registration ran.
        judge.deleted(winner.ackedMicros + 10, IMEI, "chaos-a", "chaos-a", winner.handshakeSentMicros - 3_000_000);

        assertThat(judge.loserDeletedWinner()).isZero();
    }

    /** A terminating sidecar releases; a draining ingestion's unregister may land before its device reads the close. */
    @ParameterizedTest
    @EnumSource(value = FaultKind.class, names = {"SIDECAR_TERM", "ROLLING_RESTART"})
    void deleted_whileTheInstanceWasStopping_thenIsAnAllowedRelease(FaultKind stopping) {
        GroundTruth.Span winner = answeredSocket("chaos-a");
        faults.start(stopping, "chaos-a");
        long duringTheWindow = faults.windows().get(0).startMicros() + 1;

        judge.deleted(duringTheWindow, IMEI, "chaos-a", "chaos-a", winner.handshakeSentMicros + 1);

        assertThat(judge.loserDeletedWinner()).isZero();
        assertThat(judge.report()).containsEntry("allowedReleases", 1L);
    }

    @Test
    void deleted_whenTheValueIsUnknown_thenIsUnjudged() {
        GroundTruth.Span winner = answeredSocket("chaos-a");

        judge.deleted(winner.ackedMicros + 10, IMEI, "chaos-b", null, 0);

        assertThat(judge.loserDeletedWinner()).isZero();
        assertThat(judge.report()).containsEntry("unjudged", 1L);
    }

    @Test
    void deleted_whenNotKnownWhichSocketTheEntryWasFor_thenIsUnjudged() {
        GroundTruth.Span winner = answeredSocket("chaos-a");

        judge.deleted(winner.ackedMicros + 10, IMEI, "chaos-a", "chaos-a", 0);

        assertThat(judge.loserDeletedWinner()).isZero();
        assertThat(judge.report()).containsEntry("unjudged", 1L);
    }

    @Test
    void written_whenALateRegistrationReplacesTheLiveWinnersEntry_thenCountsLoserOverwroteWinner() {
        GroundTruth.Span winner = answeredSocket("chaos-b");

        // chaos-a's registration was decided before the winner's handshake and waited out a Redis pause.
        judge.written(winner.ackedMicros + 10, IMEI, "chaos-a", winner.handshakeSentMicros - 2_000_000, "chaos-b",
                winner.handshakeSentMicros + 1);

        assertThat(judge.loserOverwroteWinner()).isEqualTo(1);
        assertThat(judge.loserDeletedWinner()).isZero();
    }

    @Test
    void written_whenARepairReplacesTheLiveWinnersEntry_thenCountsLoserOverwroteWinner() {
        GroundTruth.Span winner = answeredSocket("chaos-b");

        judge.written(winner.ackedMicros + 10, IMEI, "chaos-a", 0, "chaos-b", winner.handshakeSentMicros + 1);

        assertThat(judge.loserOverwroteWinner()).isEqualTo(1);
    }

    @Test
    void written_whenTheWriteIsTheRegistrationOfANewerHandshake_thenIsNoViolation() {
        GroundTruth.Span winner = answeredSocket("chaos-b");

        // The device opened a socket at chaos-a after the winner's: the newest decision wins.
        judge.written(winner.ackedMicros + 10, IMEI, "chaos-a", winner.handshakeSentMicros + 5_000, "chaos-b",
                winner.handshakeSentMicros + 1);

        assertThat(judge.loserOverwroteWinner()).isZero();
    }

    @Test
    void written_whenTheReplacedEntryWasAnOlderSocketsRegistration_thenIsNoViolation() {
        GroundTruth.Span winner = answeredSocket("chaos-b");

        // chaos-b's field was written for its previous socket; the new socket's registration has not landed yet.
        judge.written(winner.ackedMicros + 10, IMEI, "chaos-a", 0, "chaos-b", winner.handshakeSentMicros - 3_000_000);

        assertThat(judge.loserOverwroteWinner()).isZero();
    }

    @Test
    void written_whenTheWinnersSocketHadClosed_thenIsNoViolation() {
        GroundTruth.Span socket = answeredSocket("chaos-b");
        truth.closed(socket);

        judge.written(socket.closedMicros + 1, IMEI, "chaos-a", 0, "chaos-b", socket.handshakeSentMicros + 1);

        assertThat(judge.loserOverwroteWinner()).isZero();
    }
}
