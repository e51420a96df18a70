/** Logging helpers both daemons share: rate limits for lines a peer can provoke. */
package com.fleetlink.protocol.log;
