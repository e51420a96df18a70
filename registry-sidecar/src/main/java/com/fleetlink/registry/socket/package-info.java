/**
 * The sidecar's Unix domain socket: one ingestion session at a time plus control clients, newline
 * JSON both ways (design §3).
 */
package com.fleetlink.registry.socket;
