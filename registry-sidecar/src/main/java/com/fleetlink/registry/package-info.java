/**
 * The connection-registry sidecar (design §2): receives the ingestion's events over a Unix socket
 * and keeps Redis' {@code connections:registry} and {@code instance:heartbeat:<id>} right.
 */
package com.fleetlink.registry;
