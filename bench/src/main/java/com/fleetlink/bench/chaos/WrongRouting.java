package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the registry routed devices to the wrong instance, from the replayed field history and the
 * ground truth. A device is routed wrong while its field names an instance other than the one holding
 * its newest answered socket (that socket still open). An interval runs from the change that made it
 * wrong to the change that ended it (the field corrected, deleted or lost from sight, the truth
 * moving to the named instance) or to the end of the run. docs/chaos.md defines which intervals count:
 * <ul>
 *   <li><b>counted</b> — the interval began with a write: a registration landed naming an instance
 *       that did not hold the device's newest socket (a loser's late registration or repair);</li>
 *   <li><b>registration lag</b> (reported apart, not counted) — the interval began because the truth
 *       moved (a new socket was answered elsewhere) while the field still named the old instance, or
 *       with a write for a socket whose handshake was not answered yet: the unavoidable window
 *       between a handshake and its own registration reaching Redis.</li>
 * </ul>
 * One instance per run; {@link #measure} may be called for each device in turn.
 */
final class WrongRouting {
    private static final int EXAMPLES = 5;

    private final List<Long> countedMicros = new ArrayList<>();
    private final List<Long> lagMicros = new ArrayList<>();
    private final List<String> examples = new ArrayList<>();
    private int stillWrongAtEnd;

    /** Measures every device of {@code truth} against {@code history} up to {@code endMicros}. */
    static WrongRouting of(FieldHistory history, GroundTruth truth, long endMicros) {
        WrongRouting routing = new WrongRouting();
        for (String imei : truth.imeis()) {
            routing.measure(imei, history.changes(imei), truth.spans(imei), endMicros);
        }
        return routing;
    }

    /**
     * Walks one device's field changes (in the monitor's order) together with the moments its sockets
     * were answered and closed, up to {@code endMicros}.
     */
    void measure(String imei, List<FieldChange> changes, List<GroundTruth.Span> spans, long endMicros) {
        Walk walk = new Walk(imei, spans);
        long[] moments = truthMoments(spans, endMicros);
        int c = 0;
        int m = 0;
        while (c < changes.size() || m < moments.length) {
            boolean changeFirst = m == moments.length || (c < changes.size() && changes.get(c).micros() <= moments[m]);
            FieldChange change = changeFirst ? changes.get(c++) : null;
            long now = changeFirst ? change.micros() : moments[m++];
            if (now > endMicros) {
                break;
            }
            walk.step(now, change);
        }
        walk.finish(endMicros);
    }

    /** One device's field and the interval it is in, if any. */
    private final class Walk {
        private final String imei;
        private final List<GroundTruth.Span> spans;
        private String field;
        private long openedAt = -1;
        private String openedField;
        private boolean counted;

        Walk(String imei, List<GroundTruth.Span> spans) {
            this.imei = imei;
            this.spans = spans;
        }

        /** At {@code now} the field changed ({@code change}), or else the truth may have. */
        void step(long now, FieldChange change) {
            if (change != null) {
                field = change.kind() == FieldChange.Kind.WRITTEN ? change.value() : null;
            }
            String owner = GroundTruth.ownerAt(spans, now);
            boolean wrong = field != null && owner != null && !field.equals(owner);
            if (openedAt >= 0 && !wrong) {
                close(imei, openedField, openedAt, now, counted);
                openedAt = -1;
            } else if (openedAt < 0 && wrong) {
                openedAt = now;
                openedField = field;
                counted = change != null && !aheadOfItsAnswer(change, spans);
            }
        }

        void finish(long endMicros) {
            if (openedAt < 0) {
                return;
            }
            close(imei, openedField, openedAt, endMicros, counted);
            if (counted) {
                stillWrongAtEnd++;
            }
        }
    }

    /** When the truth can change: each socket answered or closed, up to {@code endMicros}, in order. */
    private static long[] truthMoments(List<GroundTruth.Span> spans, long endMicros) {
        long[] moments = new long[2 * spans.size()];
        int n = 0;
        for (GroundTruth.Span s : spans) {
            for (long t : new long[] {s.ackedMicros, s.closedMicros}) {
                if (t != 0 && t <= endMicros) {
                    moments[n++] = t;
                }
            }
        }
        moments = Arrays.copyOf(moments, n);
        Arrays.sort(moments);
        return moments;
    }

    /**
     * Whether {@code write} registered a socket at the instance it names whose handshake was sent but
     * not answered yet: the registration can reach Redis before the device reads its {@code 01}. A
     * repair carries no decision time, so it never counts as such.
     */
    private static boolean aheadOfItsAnswer(FieldChange write, List<GroundTruth.Span> spans) {
        long t = write.micros();
        for (GroundTruth.Span s : spans) {
            long acked = s.ackedMicros;
            if (s.instance.equals(write.value()) && s.handshakeSentMicros <= t && (acked == 0 || acked > t)
                    && s.openAt(t) && s.decidedSinceHandshake(write.decidedMicros())) {
                return true;
            }
        }
        return false;
    }

    private void close(String imei, String field, long from, long to, boolean counted) {
        long micros = to - from;
        if (!counted) {
            lagMicros.add(micros);
            return;
        }
        countedMicros.add(micros);
        if (examples.size() < EXAMPLES) {
            examples.add(imei + " routed to " + field + " from " + from + " for " + Stats.round(micros / 1e3, 3) + " ms");
        }
    }

    /** The counted intervals: count, max, p99 and total in ms, how many were still open at the end; the lag apart. */
    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>(summary(countedMicros));
        out.put("stillWrongAtEnd", stillWrongAtEnd);
        out.put("examples", List.copyOf(examples));
        out.put("registrationLagNotCounted", summary(lagMicros));
        return out;
    }

    private static Map<String, Object> summary(List<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intervals", sorted.length);
        out.put("maxMs", sorted.length == 0 ? null : ms(sorted[sorted.length - 1]));
        out.put("p99Ms", sorted.length == 0 ? null : ms(Stats.percentile(sorted, 99)));
        out.put("totalMs", ms(Arrays.stream(sorted).sum()));
        return out;
    }

    private static double ms(long micros) {
        return Stats.round(micros / 1e3, 3);
    }
}
