/**
 * Logging both daemons share: rate limits for lines a peer can provoke, the fields a line carries
 * besides its message, and the JSON line format.
 */
package com.fleetlink.protocol.log;
