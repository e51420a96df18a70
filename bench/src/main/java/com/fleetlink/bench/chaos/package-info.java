/**
 * The chaos run ({@code bench/chaos}): two full instances (sidecar and ingestion, the real jars) and
 * one redis-server under a seeded fault schedule, an in-process fleet of Teltonika devices that
 * records the ground truth, and a checker that compares the registry and the stored telemetry (the
 * files, or the Kafka topic with {@code --sink kafka}) with it.
 * {@link com.fleetlink.bench.chaos.ChaosRun} is the main; {@code docs/chaos.md} defines every figure.
 */
package com.fleetlink.bench.chaos;
