/**
 * Benchmarks of the connection registry against the real processes: the sidecar's event throughput
 * into Redis ({@link com.fleetlink.bench.registry.SidecarThroughput}), a connection storm and the
 * handshake-to-Redis latency ({@link com.fleetlink.bench.registry.ConnectionStorm}), convergence after
 * Redis restarts empty and the sidecar's memory ({@link com.fleetlink.bench.registry.Convergence}),
 * what the registry costs the ingestion's CPU ({@link com.fleetlink.bench.registry.RegistryTelemetryCost}),
 * what a Redis hang costs Redis on resume and the sidecar's memory ({@link com.fleetlink.bench.registry.RedisHang}),
 * and outbound commands through one pod: their latency, their cost to telemetry and the rate one
 * instance drains them at ({@link com.fleetlink.bench.registry.CommandThroughput}).
 * Each is a plain {@code main} that starts redis-server and the jars as child processes, stops them
 * at the end or on failure, prints a summary and then one line of JSON. {@code docs/benchmarks.md}
 * ("Connection registry") says how to run them and what they measured.
 */
package com.fleetlink.bench.registry;
