package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges every change of a registry field that {@link RegistryMonitor} replays against the ground
 * truth, at the microsecond Redis ran it. docs/chaos.md defines the figures; in short, a deletion by
 * instance {@code L} is a loser deleting a winner when
 * <ul>
 *   <li>the field named another instance (a compare-and-delete can never do that), or</li>
 *   <li>the field named {@code L}, the device's newest answered socket at that moment was open at
 *       {@code L}, and the field had been written for that socket (by a registration decided after its
 *       IMEI was sent) — so the deletion came from an older socket's close or a cleanup that landed
 *       after the registration,</li>
 * </ul>
 * unless {@code L}'s sidecar had been sent SIGTERM and was not running again, or {@code L}'s ingestion
 * was being drained and restarted (releases the design allows). A write is a loser overwriting a winner when it replaces the registration of the
 * device's newest answered socket, still open at another instance, and is not a registration
 * decided after that socket's handshake (a newer handshake wins). Both figures must be 0. Called
 * from the monitor thread only; the readers are synchronized with it.
 */
final class DeletionJudge {
    private static final int EXAMPLES = 5;

    private final GroundTruth truth;
    private final FaultLog faults;
    private final List<String> examples = new ArrayList<>();
    private long deletions;
    private long allowedReleases;
    private long unjudged;
    private long unattributed;
    private long crossInstance;
    private long sameInstance;
    private long overwrites;

    DeletionJudge(GroundTruth truth, FaultLog faults) {
        this.truth = truth;
        this.faults = faults;
    }

    /**
     * Redis deleted {@code imei}'s field at {@code micros}.
     *
     * @param caller       the instance whose script deleted it, or {@code null} for a plain HDEL from a client
     * @param old          the field's value before, as replayed; {@code null} when unknown
     * @param decidedMicros when the registration that wrote {@code old} was decided (0 when unknown)
     */
    synchronized void deleted(long micros, String imei, String caller, String old, long decidedMicros) {
        if (!truth.knows(imei)) {
            return;
        }
        deletions++;
        if (old == null) {
            unjudged++;
            return;
        }
        if (caller == null) {
            unattributed++;
            if (old.equals(truth.ownerAt(imei, micros))) {
                violation(micros, imei, "a plain HDEL from a client deleted the live entry of " + old);
                sameInstance++;
            }
            return;
        }
        String violation = null;
        if (!caller.equals(old)) {
            violation = caller + " deleted the entry naming " + old;
        } else {
            GroundTruth.Span newest = truth.newestAckedAt(imei, micros);
            if (newest != null && newest.instance.equals(caller) && newest.openAt(micros)) {
                if (decidedMicros == 0) {
                    unjudged++;
                    return;
                }
                if (!newest.decidedSinceHandshake(decidedMicros)) {
                    return; // an older socket's registration, deleted by that socket's close
                }
                violation = caller + " deleted its own entry written for the live socket opened at "
                        + newest.handshakeSentMicros + " (answered " + newest.ackedMicros + ")";
            }
        }
        if (violation == null) {
            return;
        }
        if (faults.releaseAllowed(caller, micros)) {
            allowedReleases++;
        } else if (caller.equals(old)) {
            sameInstance++;
            violation(micros, imei, violation);
        } else {
            crossInstance++;
            violation(micros, imei, violation);
        }
    }

    /**
     * Redis set {@code imei}'s field to {@code value} at {@code micros}, for a registration decided at
     * {@code decidedMicros} (0 for a repair), over {@code old} (decided at {@code oldDecidedMicros});
     * counted when it overwrote the registration of the newest live socket at another instance and
     * was not itself a registration decided after that socket's handshake. "Most recent" in design §4
     * rule 4 means decided last: a registration that ran late must not replace a newer handshake's,
     * and a repair never replaces the living.
     */
    synchronized void written(long micros, String imei, String value, long decidedMicros, String old, long oldDecidedMicros) {
        if (old == null || old.equals(value) || !truth.knows(imei)) {
            return;
        }
        GroundTruth.Span newest = truth.newestAckedAt(imei, micros);
        if (newest != null && newest.instance.equals(old) && newest.openAt(micros)
                && newest.decidedSinceHandshake(oldDecidedMicros) && !newest.decidedSinceHandshake(decidedMicros)) {
            overwrites++;
            violation(micros, imei, value + " overwrote the registration of " + old + "'s live socket opened at "
                    + newest.handshakeSentMicros);
        }
    }

    /** Deletions of a winner's entry: must be 0. */
    synchronized long loserDeletedWinner() {
        return crossInstance + sameInstance;
    }

    /** Writes over a winner's entry: must be 0. */
    synchronized long loserOverwroteWinner() {
        return overwrites;
    }

    synchronized Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deletionsObserved", deletions);
        out.put("crossInstance", crossInstance);
        out.put("sameInstanceLiveEntry", sameInstance);
        out.put("allowedReleases", allowedReleases);
        out.put("unjudged", unjudged);
        out.put("plainHdelFromClients", unattributed);
        out.put("examples", List.copyOf(examples));
        return out;
    }

    private void violation(long micros, String imei, String what) {
        if (examples.size() < EXAMPLES) {
            examples.add(micros + " " + imei + ": " + what);
        }
    }
}
