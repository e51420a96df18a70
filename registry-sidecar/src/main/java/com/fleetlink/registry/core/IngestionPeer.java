package com.fleetlink.registry.core;

import com.fleetlink.protocol.local.LocalMessage;

/** The attached ingestion as the core sees it: something to answer and, if it stops answering, to drop. */
public interface IngestionPeer {

    /** Sends a line to the ingestion; never blocks (dropped when the peer does not read). */
    void send(LocalMessage message);

    /** Closes the connection. */
    void close(String why);
}
