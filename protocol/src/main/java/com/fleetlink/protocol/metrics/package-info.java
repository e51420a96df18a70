/**
 * Metrics both daemons export the same way: JVM and process metrics, the build they run, and the
 * classic buckets of their latency histograms.
 */
package com.fleetlink.protocol.metrics;
