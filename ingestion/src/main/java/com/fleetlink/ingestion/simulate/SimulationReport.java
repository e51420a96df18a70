package com.fleetlink.ingestion.simulate;

/**
 * What a run measured, merged over all event loops.
 *
 * @param settings       what was run
 * @param startupSeconds from the first connect until every device's first handshake was answered
 *                       (or given up on); the duration counts from then
 * @param elapsedSeconds from the first connect until every device had stopped; the rates divide by it
 * @param counters       the fleet's counts; not changed after the run
 * @param latency        ACK latency percentiles
 * @param failure        why no device could connect, or {@code null} when some did
 */
record SimulationReport(SimulationSettings settings, double startupSeconds, double elapsedSeconds, FleetCounters counters,
                        LatencyRecorder.Summary latency, String failure) {

    /** Whether at least one device completed its handshake. */
    boolean connected() {
        return failure == null;
    }

    /** Whether the run found something wrong: a wrong ACK count, or no device connected. */
    boolean failed() {
        return !connected() || counters.wrongAcks > 0;
    }

    double handshakesPerSecond() {
        return perSecond(counters.handshakes);
    }

    double packetsPerSecond() {
        return perSecond(counters.packetsAcked);
    }

    double recordsPerSecond() {
        return perSecond(counters.recordsAcked);
    }

    private double perSecond(long count) {
        return elapsedSeconds > 0 ? count / elapsedSeconds : 0;
    }
}
