/**
 * Helpers the ingestion tests of every package share and no other module needs: a fake device on a
 * real socket ({@link com.fleetlink.ingestion.testkit.DeviceClient}), the bytes it sends
 * ({@link com.fleetlink.ingestion.testkit.Packets}) and the server of this class path as a child JVM
 * ({@link com.fleetlink.ingestion.testkit.IngestionJvm}). Polling, metrics scrapes and the process
 * launchers come from the project's test kit, {@code com.fleetlink.testkit}.
 */
package com.fleetlink.ingestion.testkit;
