package com.fleetlink.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The checker's judgement of janitor deletions against the instances' lives, recorded by hand. */
class JanitorJudgeTest {
    private static final String IMEI = "350007000000001";

    private final GroundTruth truth = new GroundTruth();
    private final FaultLog faults = new FaultLog();
    private final JanitorJudge judge = new JanitorJudge(truth, faults);

    private long closedSocketAt(String instance) {
        GroundTruth.Span span = truth.opening(IMEI, instance);
        truth.acked(span);
        truth.closed(span);
        return span.closedMicros;
    }

    private long killed(String instance) {
        faults.end(faults.start(FaultKind.INSTANCE_KILL, instance));
        return faults.windows().get(0).startMicros();
    }

    @Test
    void deleted_whenTheFieldNamedTheKilledInstance_thenCountsTheJanitorsWork() {
        closedSocketAt("chaos-c");
        long kill = killed("chaos-c");

        judge.deleted(kill + 10_000_000, IMEI, "chaos-c", "chaos-c");

        assertThat(judge.deletedLive()).isZero();
        assertThat(judge.deletedOfKilled()).isEqualTo(1);
    }

    @Test
    void deleted_whenTheFieldNamedAnInstanceNeverKilled_thenCountsALiveDeletion() {
        long closed = closedSocketAt("chaos-a");
        killed("chaos-c");

        // The device had left: only the instance's life counts, and chaos-a lives.
        judge.deleted(closed + 10_000_000, IMEI, "chaos-a", "chaos-a");

        assertThat(judge.deletedLive()).isEqualTo(1);
        assertThat(judge.report()).containsEntry("ofLiveInstance", 1L);
    }

    @Test
    void deleted_whenTheInstanceWasKilledOnlyLater_thenCountsALiveDeletion() {
        long closed = closedSocketAt("chaos-c");

        judge.deleted(closed + 1, IMEI, "chaos-c", "chaos-c");
        killed("chaos-c");

        assertThat(judge.deletedLive()).isEqualTo(1);
    }

    @Test
    void deleted_whenTheFieldNamedALiveInstanceButTheScriptWasToldTheDeadOne_thenCountsALiveDeletion() {
        closedSocketAt("chaos-b");
        long kill = killed("chaos-c");

        // A delete-dead that skipped its owner check: asked about chaos-c, it took chaos-b's field.
        judge.deleted(kill + 1, IMEI, "chaos-c", "chaos-b");

        assertThat(judge.deletedLive()).isEqualTo(1);
    }

    @Test
    void deleted_whenTheOldValueIsUnknown_thenIsUnjudged() {
        closedSocketAt("chaos-a");

        judge.deleted(WallClock.micros(), IMEI, "chaos-a", null);

        assertThat(judge.deletedLive()).isZero();
        assertThat(judge.report()).containsEntry("unjudged", 1L);
    }
}
