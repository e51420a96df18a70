package com.fleetlink.bench.report;

import java.util.OptionalDouble;

/** What a figure must reach, as the issues state it; {@link None} for figures that are only reported. */
sealed interface Target {
    /** As written in the table, e.g. {@code ≥ 10 M records/s}. */
    String text();

    /** Value ÷ bound, empty when there is no bound to divide by. */
    OptionalDouble ratio(double value);

    /** {@code pass}, {@code fail by N %} or {@code n/a}. */
    String verdict(double value);

    private static OptionalDouble divide(double value, double bound) {
        return bound == 0 ? OptionalDouble.empty() : OptionalDouble.of(value / bound);
    }

    /** The value must be at least {@code bound}. */
    record AtLeast(double bound, String text) implements Target {
        @Override
        public OptionalDouble ratio(double value) {
            return divide(value, bound);
        }

        @Override
        public String verdict(double value) {
            return value >= bound ? "pass" : "fail by " + Format.percent(bound == 0 ? 1 : 1 - value / bound) + " short";
        }
    }

    /** The value must be at most {@code bound}. */
    record AtMost(double bound, String text) implements Target {
        @Override
        public OptionalDouble ratio(double value) {
            return divide(value, bound);
        }

        @Override
        public String verdict(double value) {
            if (value <= bound) {
                return "pass";
            }
            if (bound == 0) {
                return "fail";
            }
            double times = value / bound;
            // "fail by 1269 % over" reads worse than what it is: 13.7 times the bound.
            return times >= 2 ? "fail: " + Format.ratio(times) + " × the bound" : "fail by " + Format.percent(times - 1) + " over";
        }
    }

    /** No target: the figure is context. */
    record None(String text) implements Target {
        None() {
            this("none set");
        }

        @Override
        public OptionalDouble ratio(double value) {
            return OptionalDouble.empty();
        }

        @Override
        public String verdict(double value) {
            return "n/a";
        }
    }
}
