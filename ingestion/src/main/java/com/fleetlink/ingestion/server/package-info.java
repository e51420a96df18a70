/**
 * The Netty server: one pipeline per device socket, built in {@link
 * com.fleetlink.ingestion.server.TeltonikaChannelInitializer}, one handler per step.
 */
package com.fleetlink.ingestion.server;
