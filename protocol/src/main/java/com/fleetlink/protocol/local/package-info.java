/**
 * The local protocol v1 between the ingestion server and its registry sidecar (design §3): one
 * JSON object per line over a Unix domain socket, every object with a {@code type}.
 */
package com.fleetlink.protocol.local;
