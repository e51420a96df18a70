/**
 * Measurements of the ingestion server: JMH benchmarks of the per-frame decode path
 * ({@link com.fleetlink.bench.FrameDecodeBenchmark}, with the CRC-16 variants it was tuned against
 * in {@link com.fleetlink.bench.CrcSlicingBenchmark}) and the heap an idle, handshaken device
 * socket costs ({@link com.fleetlink.bench.IdleConnectionMemory}). Nothing here runs during the
 * build; {@code docs/benchmarks.md} says how to run it and what it measured.
 */
package com.fleetlink.bench;
