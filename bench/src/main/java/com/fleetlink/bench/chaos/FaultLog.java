package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every fault injected, as a window of wall-clock microseconds from the first signal to the moment
 * the system was whole again (process restarted and ready, or SIGCONT sent). Written by the schedule,
 * read by the fleet (is a Redis fault on?) and the checker; all methods are synchronized.
 */
final class FaultLog {
    /** One injected fault; {@code target} is the instance id, or {@code redis}. */
    record Window(FaultKind kind, String target, long startMicros, long endMicros) {
        boolean covers(long fromMicros, long toMicros) {
            return startMicros <= toMicros && (endMicros == OPEN || endMicros >= fromMicros);
        }
    }

    /** The end of a window that has not ended yet. */
    static final long OPEN = Long.MAX_VALUE;

    private final List<Window> windows = new ArrayList<>();
    private volatile long phaseStartMicros = OPEN;
    private volatile long phaseEndMicros = OPEN;

    /** The fault phase starts: the fleet is connected, the first calm gap begins. */
    void phaseStarted() {
        phaseStartMicros = WallClock.micros();
    }

    /** The fault phase is over: the last fault has ended, the fleet is about to settle. */
    void phaseEnded() {
        phaseEndMicros = WallClock.micros();
    }

    /** Whether both instants fall in the fault phase (not the fleet's cold start, not the settle). */
    boolean inPhase(long fromMicros, long toMicros) {
        return fromMicros >= phaseStartMicros && toMicros <= phaseEndMicros;
    }

    /** Opens a window now; returns its index for {@link #end}. */
    synchronized int start(FaultKind kind, String target) {
        windows.add(new Window(kind, target, WallClock.micros(), OPEN));
        return windows.size() - 1;
    }

    synchronized void end(int index) {
        Window w = windows.get(index);
        windows.set(index, new Window(w.kind(), w.target(), w.startMicros(), WallClock.micros()));
    }

    /** Whether a Redis fault was on at any moment between the two instants. */
    synchronized boolean redisFaultDuring(long fromMicros, long toMicros) {
        return windows.stream().anyMatch(w -> w.kind().isRedisFault() && w.covers(fromMicros, toMicros));
    }

    /** Whether any fault was on at any moment between the two instants. */
    synchronized boolean anyFaultDuring(long fromMicros, long toMicros) {
        return windows.stream().anyMatch(w -> w.covers(fromMicros, toMicros));
    }

    /**
     * Whether {@code instance} may release its entries at {@code micros}: its sidecar had been sent
     * SIGTERM and was not yet running again, or its ingestion had and was draining (design §4 rule 8
     * lets both release; a drained socket's unregister can reach Redis before its device has seen
     * the close, so the devices' view still calls the socket open).
     */
    synchronized boolean releaseAllowed(String instance, long micros) {
        return windows.stream().anyMatch(w -> (w.kind() == FaultKind.SIDECAR_TERM || w.kind() == FaultKind.ROLLING_RESTART)
                && w.target().equals(instance) && w.covers(micros, micros));
    }

    /** Whether an {@code instanceKill} had sent {@code instance}'s processes SIGKILL at or before {@code micros}. */
    synchronized boolean killedBy(String instance, long micros) {
        return windows.stream().anyMatch(w -> w.kind() == FaultKind.INSTANCE_KILL && w.target().equals(instance)
                && w.startMicros() <= micros);
    }

    /** When the last window ended, or {@code 0} when none ran. */
    synchronized long lastEndMicros() {
        return windows.stream().mapToLong(Window::endMicros).filter(e -> e != OPEN).max().orElse(0);
    }

    synchronized int count() {
        return windows.size();
    }

    /** How many of each kind, every kind listed. */
    synchronized Map<FaultKind, Integer> countByKind() {
        Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            counts.put(kind, 0);
        }
        windows.forEach(w -> counts.merge(w.kind(), 1, Integer::sum));
        return counts;
    }

    /** {@code {"count": n, "redisPause": n, …}} for the report. */
    synchronized Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count());
        countByKind().forEach((kind, n) -> out.put(kind.label(), n));
        return out;
    }

    synchronized List<Window> windows() {
        return List.copyOf(windows);
    }
}
