/**
 * End-to-end telemetry throughput on loopback: the {@code simulate} fleet against the real server,
 * and against an ACK-only baseline server measured in the same run.
 */
package com.fleetlink.bench.endtoend;
