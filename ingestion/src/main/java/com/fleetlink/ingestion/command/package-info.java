/**
 * Outbound commands on the ingestion side (design §9): the types the registry client and the device
 * sockets exchange. The registry client turns the sidecar's {@code command} lines into
 * {@link com.fleetlink.ingestion.command.OutboundCommand}s for a {@link com.fleetlink.ingestion.command.CommandRouter},
 * and the sockets report what became of each through {@link com.fleetlink.ingestion.command.CommandOutcomes}.
 */
package com.fleetlink.ingestion.command;
