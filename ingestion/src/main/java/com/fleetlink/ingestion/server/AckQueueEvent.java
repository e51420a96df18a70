package com.fleetlink.ingestion.server;

/**
 * User events {@link TelemetryAckHandler} fires down the pipeline when the ACKs it owes the device
 * start and stop: a command written between a packet and its ACK would be read as that ACK.
 */
enum AckQueueEvent {
    /** The first ACK is owed: a packet arrived and nothing was owed before it. */
    OWED,
    /** The last owed ACK has gone out (written and flushed). */
    SETTLED
}
