package com.fleetlink.ingestion.simulate;

/**
 * What the devices of one event loop did. Plain fields because only that loop's thread writes
 * them; {@link #add} merges the loops' copies once the run is over.
 */
final class FleetCounters {
    /** Handshakes answered with {@code 01}. */
    long handshakes;
    /** Handshakes answered with anything else. */
    long handshakeRejections;
    /** TCP connects that failed or timed out. */
    long connectFailures;
    /** Sockets the server closed, or that broke, while the device still wanted them. */
    long disconnects;
    /** Disconnect-and-reconnect cycles asked for by {@code --churn} and done. */
    long churns;
    /** AVL packets written. */
    long packetsSent;
    /** Packets answered with the right record count. */
    long packetsAcked;
    /** Records in those packets. */
    long recordsAcked;
    /** Packets answered with a count other than the number of records sent. */
    long wrongAcks;
    /** Packets whose socket closed before their ACK came, during the run or at its end. */
    long packetsUnacked;
    /** Codec 12/14 commands the server sent. */
    long commandsReceived;
    /** Commands answered (with {@code --respond}): a response or a nACK. */
    long commandsAnswered;

    /** Adds {@code other}'s counts to these. */
    void add(FleetCounters other) {
        handshakes += other.handshakes;
        handshakeRejections += other.handshakeRejections;
        connectFailures += other.connectFailures;
        disconnects += other.disconnects;
        churns += other.churns;
        packetsSent += other.packetsSent;
        packetsAcked += other.packetsAcked;
        recordsAcked += other.recordsAcked;
        wrongAcks += other.wrongAcks;
        packetsUnacked += other.packetsUnacked;
        commandsReceived += other.commandsReceived;
        commandsAnswered += other.commandsAnswered;
    }

    /** A copy, for handing to another thread. */
    FleetCounters copy() {
        FleetCounters c = new FleetCounters();
        c.add(this);
        return c;
    }
}
