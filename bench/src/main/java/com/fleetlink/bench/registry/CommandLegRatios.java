package com.fleetlink.bench.registry;

/**
 * Telemetry with commands ÷ without, leg by leg: each leg with commands runs between two legs
 * without, and is divided by their mean, so a machine that slows down or speeds up over the run
 * (other processes, the JIT, the page cache) moves both sides of a ratio alike instead of landing
 * in one kind's median.
 */
final class CommandLegRatios {
    private CommandLegRatios() {
    }

    /**
     * {@code with[i] ÷ mean(without[i], without[i + 1])}, rounded to 3 digits, for legs run in the
     * order {@code without[0] with[0] without[1] with[1] … without[n]}.
     */
    static double[] bracketed(double[] without, double[] with) {
        if (without.length != with.length + 1) {
            throw new IllegalArgumentException("each leg with commands needs a leg without on both sides: " + without.length
                    + " without, " + with.length + " with");
        }
        double[] ratios = new double[with.length];
        for (int i = 0; i < with.length; i++) {
            ratios[i] = Stats.round(with[i] / ((without[i] + without[i + 1]) / 2), 3);
        }
        return ratios;
    }
}
