/**
 * The ACK-only baseline server ({@link com.fleetlink.bench.endtoend.AckOnlyServer}) that the end-to-end
 * figures of {@code com.fleetlink.bench.registry.EndToEndThroughput} are divided by.
 */
package com.fleetlink.bench.endtoend;
