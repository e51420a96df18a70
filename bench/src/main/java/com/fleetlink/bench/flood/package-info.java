/**
 * The handshake flood of issue 13 against the real ingestion jar: one source holds silent sockets
 * and opens a new one for every one the server closes ({@link com.fleetlink.bench.flood.SilentFlood}),
 * while real devices arrive at a steady pace, each doing the IMEI handshake and sending one AVL
 * packet ({@link com.fleetlink.bench.flood.ArrivingDevices}). {@link com.fleetlink.bench.flood.HandshakeFlood}
 * is the main; {@code bench/report}'s "handshake-flood" section and the build's
 * {@code HandshakeFloodIT} run it.
 */
package com.fleetlink.bench.flood;
