/**
 * Where decoded records go. The server acknowledges a packet only after its {@link
 * com.fleetlink.ingestion.telemetry.TelemetrySink} accepted the records.
 */
package com.fleetlink.ingestion.telemetry;
