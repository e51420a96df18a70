package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which intervals of wrong routing the checker counts, and how long, on field histories and sockets made by hand. */
class WrongRoutingTest {
    private static final String IMEI = "350007000000001";
    private static final String A = "chaos-a";
    private static final String B = "chaos-b";
    private static final long END = 60_000_000;

    private final FieldHistory history = new FieldHistory();
    private final WrongRouting routing = new WrongRouting();

    /** A socket whose IMEI was sent at {@code sent}, answered at {@code acked}, closed at {@code closed} (0: open). */
    private static GroundTruth.Span socket(String instance, long sent, long acked, long closed) {
        GroundTruth.Span span = new GroundTruth.Span(instance, sent);
        span.ackedMicros = acked;
        span.closedMicros = closed;
        return span;
    }

    private Map<String, Object> measure(List<GroundTruth.Span> sockets) {
        routing.measure(IMEI, history.changes(IMEI), sockets, END);
        return routing.report();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lag(Map<String, Object> report) {
        return (Map<String, Object>) report.get("registrationLagNotCounted");
    }

    @Test
    void measure_whenALoserRegistrationLandsOverTheWinner_thenCountsTheIntervalUntilTheLosersCloseDeletesIt() {
        GroundTruth.Span atA = socket(A, 1_000_000, 1_001_000, 2_000_000);
        GroundTruth.Span atB = socket(B, 2_100_000, 2_101_000, 0);
        history.written(1_000_500, IMEI, A, atA.handshakeSentMicros);
        history.written(2_100_500, IMEI, B, atB.handshakeSentMicros);
        // A's registration for its old socket ran late (after a Redis pause), then A's unregister deleted it.
        history.written(2_200_000, IMEI, A, atA.handshakeSentMicros);
        history.deleted(2_250_000, IMEI);

        Map<String, Object> report = measure(List.of(atA, atB));

        assertThat(report).containsEntry("intervals", 1).containsEntry("maxMs", 50.0).containsEntry("totalMs", 50.0)
                .containsEntry("stillWrongAtEnd", 0);
    }

    @Test
    void measure_whenTheTruthMovesBeforeItsOwnRegistrationLands_thenTheLagIsNotCounted() {
        GroundTruth.Span atA = socket(A, 1_000_000, 1_001_000, 2_000_000);
        GroundTruth.Span atB = socket(B, 2_100_000, 2_101_000, 0);
        history.written(1_000_500, IMEI, A, atA.handshakeSentMicros);
        // A's unregister has not landed when B's socket is answered; B's registration lands 29 ms later.
        history.written(2_130_000, IMEI, B, atB.handshakeSentMicros);

        Map<String, Object> report = measure(List.of(atA, atB));

        assertThat(report).containsEntry("intervals", 0).containsEntry("totalMs", 0.0);
        assertThat(lag(report)).containsEntry("intervals", 1).containsEntry("maxMs", 29.0);
    }

    @Test
    void measure_whenARegistrationLandsBeforeItsSocketIsAnswered_thenItIsNotCounted() {
        GroundTruth.Span atA = socket(A, 1_000_000, 1_001_000, 2_200_000);
        GroundTruth.Span atB = socket(B, 2_100_000, 2_150_000, 0);
        history.written(1_000_500, IMEI, A, atA.handshakeSentMicros);
        // B's registration reaches Redis before the device has read B's 01; its socket at A is still open.
        history.written(2_120_000, IMEI, B, atB.handshakeSentMicros);

        Map<String, Object> report = measure(List.of(atA, atB));

        assertThat(report).containsEntry("intervals", 0);
        assertThat(lag(report)).containsEntry("intervals", 1).containsEntry("maxMs", 30.0);
    }

    @Test
    void measure_whenARepairLandsWhileTheDeviceIsStillHandshakingThere_thenItIsCounted() {
        GroundTruth.Span atA = socket(A, 1_000_000, 1_001_000, 2_200_000);
        GroundTruth.Span atB = socket(B, 2_100_000, 2_150_000, 0);
        history.written(1_000_500, IMEI, A, atA.handshakeSentMicros);
        // A repair carries no decision time: nothing says it is the new socket's registration.
        history.written(2_120_000, IMEI, B, 0);

        assertThat(measure(List.of(atA, atB))).containsEntry("intervals", 1).containsEntry("maxMs", 30.0);
    }

    @Test
    void measure_whenTheFieldIsStillWrongAtTheEnd_thenTheIntervalRunsToTheEnd() {
        GroundTruth.Span atB = socket(B, 1_000_000, 1_001_000, 0);
        history.written(1_000_500, IMEI, B, atB.handshakeSentMicros);
        history.written(END - 10_000, IMEI, A, 500_000);

        Map<String, Object> report = measure(List.of(atB));

        assertThat(report).containsEntry("intervals", 1).containsEntry("maxMs", 10.0).containsEntry("stillWrongAtEnd", 1);
    }

    @Test
    void measure_whenTheMonitorLosesSightOfRedis_thenTheIntervalEndsThere() {
        GroundTruth.Span atB = socket(B, 1_000_000, 1_001_000, 0);
        history.written(1_000_500, IMEI, B, atB.handshakeSentMicros);
        history.written(2_000_000, IMEI, A, 500_000);
        history.lost(2_007_000);
        history.attached(2_500_000, false);

        Map<String, Object> report = measure(List.of(atB));

        assertThat(report).containsEntry("intervals", 1).containsEntry("maxMs", 7.0).containsEntry("stillWrongAtEnd", 0);
    }

    @Test
    void report_givesTheMaximumTheNinetyNinthPercentileAndTheTotalOfTheCountedIntervals() {
        for (int i = 1; i <= 100; i++) {
            String imei = "3500070000" + (10_000 + i);
            GroundTruth.Span atB = socket(B, 1_000_000, 1_001_000, 0);
            List<FieldChange> changes = List.of(
                    new FieldChange(0, 2_000_000, FieldChange.Kind.WRITTEN, A, 500_000),
                    new FieldChange(1, 2_000_000 + i * 1_000L, FieldChange.Kind.ABSENT, null, 0));
            routing.measure(imei, changes, List.of(atB), END);
        }

        assertThat(routing.report()).containsEntry("intervals", 100).containsEntry("maxMs", 100.0)
                .containsEntry("p99Ms", 99.0).containsEntry("totalMs", 5050.0);
    }
}
