package com.fleetlink.registry.sim;

import java.util.List;

/** An invariant broke in one seed: says which, and carries the trace's last lines and how to replay it. */
final class SimulationFailure extends AssertionError {
    private final long seed;
    private final List<String> trace;

    SimulationFailure(long seed, String violation, List<String> trace) {
        super("seed " + seed + ": " + violation);
        this.seed = seed;
        this.trace = List.copyOf(trace);
    }

    /** The report: the violation, the trace's last lines, and the one command that replays the seed. */
    String report() {
        StringBuilder out = new StringBuilder(getMessage()).append('\n');
        out.append("last ").append(trace.size()).append(" trace lines:\n");
        trace.forEach(line -> out.append("  ").append(line).append('\n'));
        out.append("replay: ").append(SimulationMain.replayCommand(seed)).append('\n');
        return out.toString();
    }
}
