package com.fleetlink.ingestion.server;

/**
 * User event fired on every device socket at shutdown: stop reading, send the ACKs of frames
 * already received once the sink has them, then close.
 */
enum DrainRequest {
    INSTANCE
}
