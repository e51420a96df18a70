package com.fleetlink.bench.registry;

import com.fleetlink.bench.registry.CommandLedger.Outcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The figures of a set of command {@link Outcome}s: latencies from the enqueue, counts by status, a drain rate. */
final class CommandFigures {
    /** The drain rate leaves out the first and the last tenth of the completions: the ramp-up and the tail. */
    private static final double DRAIN_FROM = 0.1;
    private static final double DRAIN_TO = 0.9;

    private CommandFigures() {
    }

    /**
     * Enqueue → written and enqueue → responded p50, p99 and max (ms), over the commands that got
     * there, and how many did; counts by terminal status.
     */
    static Map<String, Object> latencies(List<Outcome> outcomes) {
        long[] written = outcomes.stream().filter(o -> o.sentAt() >= 0).mapToLong(o -> o.sentAt() - o.createdAt()).sorted()
                .toArray();
        long[] responded = outcomes.stream().filter(o -> o.status().equals("responded"))
                .mapToLong(o -> o.finishedAt() - o.createdAt()).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commands", outcomes.size());
        m.put("written", written.length);
        m.put("writtenP50Ms", Stats.percentile(written, 50));
        m.put("writtenP99Ms", Stats.percentile(written, 99));
        m.put("writtenMaxMs", Stats.percentile(written, 100));
        m.put("responded", responded.length);
        m.put("respondedP50Ms", Stats.percentile(responded, 50));
        m.put("respondedP99Ms", Stats.percentile(responded, 99));
        m.put("respondedMaxMs", Stats.percentile(responded, 100));
        m.put("statuses", statuses(outcomes));
        return m;
    }

    /** How many ended in each status, by status name. */
    static Map<String, Long> statuses(List<Outcome> outcomes) {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        return counts;
    }

    /**
     * Responded commands a second while a backlog drains: the completions between the first and the
     * last tenth of them ÷ the time between the two, so neither the ramp-up nor the devices whose
     * queues ran dry first count; {@code NaN} with fewer than ten responses or no time between them.
     */
    static double drainPerSecond(List<Outcome> outcomes) {
        long[] finished = outcomes.stream().filter(o -> o.status().equals("responded")).mapToLong(Outcome::finishedAt)
                .toArray();
        Arrays.sort(finished);
        if (finished.length < 10) {
            return Double.NaN;
        }
        int from = (int) Math.floor(DRAIN_FROM * (finished.length - 1));
        int to = (int) Math.ceil(DRAIN_TO * (finished.length - 1));
        long millis = finished[to] - finished[from];
        return millis <= 0 ? Double.NaN : Stats.round((to - from) * 1000.0 / millis, 1);
    }
}
