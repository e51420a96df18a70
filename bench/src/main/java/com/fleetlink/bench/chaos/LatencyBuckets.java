package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACK latencies of the fleet during the fault phase, split by what was going on between the packet
 * and its ACK: a Redis fault, another fault, or none. Confined to the fleet's event loop.
 */
final class LatencyBuckets {
    private final FaultLog faults;
    private final Series redisFault = new Series();
    private final Series otherFault = new Series();
    private final Series calm = new Series();
    /** Every counted ACK as (sent, acked, nanos), for the per-fault breakdown. */
    private long[] flights = new long[3 * 1024];
    private int flightCount;

    LatencyBuckets(FaultLog faults) {
        this.faults = faults;
    }

    /** Files one ACK latency; outside the fault phase (cold start, settle) it is not counted. */
    void add(long sentMicros, long ackMicros, long nanos) {
        if (!faults.inPhase(sentMicros, ackMicros)) {
            return;
        }
        if (3 * flightCount + 3 > flights.length) {
            flights = Arrays.copyOf(flights, flights.length * 2);
        }
        flights[3 * flightCount] = sentMicros;
        flights[3 * flightCount + 1] = ackMicros;
        flights[3 * flightCount + 2] = nanos;
        flightCount++;
        if (faults.redisFaultDuring(sentMicros, ackMicros)) {
            redisFault.add(nanos);
        } else if (faults.anyFaultDuring(sentMicros, ackMicros)) {
            otherFault.add(nanos);
        } else {
            calm.add(nanos);
        }
    }

    /** p50/p99/max of each bucket in ms, and the p99 ratio Redis fault : calm. */
    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("duringRedisFaults", redisFault.report());
        out.put("duringOtherFaults", otherFault.report());
        out.put("withoutFaults", calm.report());
        long faultP99 = redisFault.p99();
        long calmP99 = calm.p99();
        out.put("p99RatioRedisFaultToCalm", faultP99 < 0 || calmP99 <= 0 ? null : Stats.round(faultP99 / (double) calmP99, 2));
        out.put("byFault", byFault());
        return out;
    }

    /** Per fault window: its kind and target, and the ACKs whose flight overlapped it. */
    private List<Map<String, Object>> byFault() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FaultLog.Window w : faults.windows()) {
            Series overlapping = new Series();
            for (int i = 0; i < flightCount; i++) {
                if (w.covers(flights[3 * i], flights[3 * i + 1])) {
                    overlapping.add(flights[3 * i + 2]);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fault", w.kind().label() + " " + w.target());
            row.put("seconds", w.endMicros() == FaultLog.OPEN ? null : Stats.round((w.endMicros() - w.startMicros()) / 1e6, 1));
            row.putAll(overlapping.report());
            rows.add(row);
        }
        return rows;
    }

    /** A growable array of nanosecond latencies. */
    private static final class Series {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        long p99() {
            return Stats.percentile(sorted(), 99);
        }

        Map<String, Object> report() {
            long[] sorted = sorted();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("acks", size);
            out.put("p50Ms", size == 0 ? null : Stats.millis(Stats.percentile(sorted, 50)));
            out.put("p99Ms", size == 0 ? null : Stats.millis(Stats.percentile(sorted, 99)));
            out.put("maxMs", size == 0 ? null : Stats.millis(sorted[size - 1]));
            return out;
        }

        private long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
