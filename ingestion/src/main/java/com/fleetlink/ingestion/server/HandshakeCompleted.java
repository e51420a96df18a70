package com.fleetlink.ingestion.server;

/**
 * User event fired from the head of a device's pipeline once its IMEI was accepted, so the
 * handlers guarding the handshake phase, wherever they sit, can stand down.
 */
enum HandshakeCompleted {
    INSTANCE
}
