/**
 * Helpers shared by the ingestion tests of every package: a fake device on a real socket
 * ({@link com.fleetlink.ingestion.testkit.DeviceClient}) and the bytes it sends
 * ({@link com.fleetlink.ingestion.testkit.Packets}), the server as a child JVM
 * ({@link com.fleetlink.ingestion.testkit.IngestionProcess}), a Prometheus scrape read back by sample
 * ({@link com.fleetlink.ingestion.testkit.MetricsText}) and polling with a deadline
 * ({@link com.fleetlink.ingestion.testkit.Poll}). One copy each, so a fix reaches every test.
 */
package com.fleetlink.ingestion.testkit;
