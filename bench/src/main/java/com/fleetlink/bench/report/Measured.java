package com.fleetlink.bench.report;

/**
 * One figure read from a result: the number the target is judged on, how the table shows it, and
 * its ratio to the same-run baseline in words ({@code null} when it has none).
 */
record Measured(double value, String text, String baseline) {
}
