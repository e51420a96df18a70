/**
 * The benchmark report: {@code bench/report} runs every benchmark of the module, each leaving its
 * command, exit code and machine-readable result in one directory, and {@link
 * com.fleetlink.bench.report.ReportMain} turns that directory into {@code docs/benchmarks.md}: the
 * machine, one table of figures against their targets and same-run baselines, and one section per
 * benchmark. A benchmark that failed becomes an {@code error: <reason>} row; the others still report.
 */
package com.fleetlink.bench.report;
