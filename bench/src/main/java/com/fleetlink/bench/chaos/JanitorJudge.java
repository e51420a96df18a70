package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges every field a janitor deleted (design §8, the {@code delete-dead} script) against the
 * instances' lives: an instance is alive from the start of the run until an {@code instanceKill}
 * fault sent its processes SIGKILL, and a janitor must only ever delete fields naming an instance
 * that was dead by then. A deletion of a field naming a living instance is {@code janitorDeletedLive}
 * and must be 0; a sidecar merely restarting (killed or terminated and started again) is a living
 * instance. Called from the monitor thread; the readers are synchronized with it.
 */
final class JanitorJudge {
    private static final int EXAMPLES = 5;

    private final GroundTruth truth;
    private final FaultLog faults;
    private final List<String> examples = new ArrayList<>();
    private long deletions;
    private long ofKilledInstance;
    private long ofLiveInstance;
    private long unjudged;

    JanitorJudge(GroundTruth truth, FaultLog faults) {
        this.truth = truth;
        this.faults = faults;
    }

    /**
     * A janitor's script deleted {@code imei}'s field at {@code micros}.
     *
     * @param deadOwner the instance the janitor judged dead (the script's first argument)
     * @param old       the field's value before, as replayed; {@code null} when unknown
     */
    synchronized void deleted(long micros, String imei, String deadOwner, String old) {
        if (!truth.knows(imei)) {
            return;
        }
        deletions++;
        if (old == null) {
            unjudged++;
            return;
        }
        if (faults.killedBy(old, micros)) {
            ofKilledInstance++;
            return;
        }
        ofLiveInstance++;
        if (examples.size() < EXAMPLES) {
            examples.add(micros + " " + imei + ": a janitor judging " + deadOwner + " dead deleted the field naming "
                    + old + ", which was alive");
        }
    }

    /** Janitor deletions of a field that named a living instance: must be 0. */
    synchronized long deletedLive() {
        return ofLiveInstance;
    }

    /** Janitor deletions of fields naming a killed instance: the work the janitor is there for. */
    synchronized long deletedOfKilled() {
        return ofKilledInstance;
    }

    synchronized Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deletionsObserved", deletions);
        out.put("ofKilledInstance", ofKilledInstance);
        out.put("ofLiveInstance", ofLiveInstance);
        out.put("unjudged", unjudged);
        out.put("examples", List.copyOf(examples));
        return out;
    }
}
