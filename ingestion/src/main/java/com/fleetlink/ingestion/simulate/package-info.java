/**
 * {@code ingestion simulate}: a fleet of simulated Teltonika devices for load tests and demos.
 *
 * <p>{@link com.fleetlink.ingestion.simulate.SimulateCommand} reads the flags and prints the
 * figures; {@link com.fleetlink.ingestion.simulate.DeviceFleet} runs the devices on one or two
 * Netty event loops. Every device and everything it counts is confined to one event loop (a
 * {@code FleetShard}), so nothing on the hot path is shared between threads; the shards' counters
 * and latencies are merged only once, at the end.
 */
package com.fleetlink.ingestion.simulate;
