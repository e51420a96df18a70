package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.Stats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the devices saw of a drain, from the ground truth: the handshakes the survivor answered after
 * the SIGTERM, and when the drained instance's sockets closed.
 *
 * @param survivorHandshakes                handshakes the survivor answered since the SIGTERM
 * @param peakSurvivorHandshakesPerSecond   the most of them answered within any one second
 * @param firstCloseSeconds                 first socket of the drained instance closed, seconds after the SIGTERM
 * @param lastCloseSeconds                  its last socket closed, seconds after the SIGTERM
 * @param closesBySecond                    the drained instance's closes in each whole second after the SIGTERM
 * @param survivorHandshakesBySecond        the survivor's handshakes in each whole second after the SIGTERM
 */
record DrainFigures(int survivorHandshakes, int peakSurvivorHandshakesPerSecond, double firstCloseSeconds,
                    double lastCloseSeconds, List<Integer> closesBySecond, List<Integer> survivorHandshakesBySecond) {
    private static final long SECOND_MICROS = 1_000_000;

    static DrainFigures of(GroundTruth truth, long sigtermMicros, String drained, String survivor) {
        List<Long> handshakes = new ArrayList<>();
        List<Long> closes = new ArrayList<>();
        for (String imei : truth.imeis()) {
            for (GroundTruth.Span span : truth.spans(imei)) {
                if (span.instance.equals(survivor) && span.ackedMicros >= sigtermMicros) {
                    handshakes.add(span.ackedMicros);
                } else if (span.instance.equals(drained) && span.closedMicros >= sigtermMicros) {
                    closes.add(span.closedMicros);
                }
            }
        }
        Collections.sort(handshakes);
        Collections.sort(closes);
        return new DrainFigures(handshakes.size(), busiestSecond(handshakes),
                closes.isEmpty() ? 0 : seconds(closes.get(0) - sigtermMicros),
                closes.isEmpty() ? 0 : seconds(closes.get(closes.size() - 1) - sigtermMicros),
                bySecond(closes, sigtermMicros), bySecond(handshakes, sigtermMicros));
    }

    /** How many of {@code sorted} fall in each whole second from {@code startMicros} to the last. */
    private static List<Integer> bySecond(List<Long> sorted, long startMicros) {
        List<Integer> counts = new ArrayList<>();
        for (long t : sorted) {
            int second = (int) ((t - startMicros) / SECOND_MICROS);
            while (counts.size() <= second) {
                counts.add(0);
            }
            counts.set(second, counts.get(second) + 1);
        }
        return counts;
    }

    /** The most times of {@code sorted} within any one-second window (sliding, not aligned to whole seconds). */
    static int busiestSecond(List<Long> sorted) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= SECOND_MICROS) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static double seconds(long micros) {
        return Stats.round(micros / 1e6, 2);
    }
}
