/**
 * The ingestion's side of the local protocol (design §3): tells the registry sidecar which devices
 * this process holds, without ever making a Netty event loop wait for it (design §4 rule 1).
 *
 * <p>{@link com.fleetlink.ingestion.registry.RegistryClient} is the only public entry point; the
 * rest are its parts.
 */
package com.fleetlink.ingestion.registry;
