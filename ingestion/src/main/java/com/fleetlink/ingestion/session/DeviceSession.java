package com.fleetlink.ingestion.session;

import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * One handshaken device socket.
 *
 * @param conn           identifies this socket within one run of the server; increases with every handshake
 * @param connectedAt    milliseconds since the Unix epoch when the handshake succeeded
 * @param connectedNanos the same moment on the monotonic clock
 */
public record DeviceSession(String imei, long conn, Channel channel, long connectedAt, long connectedNanos) {
    /** How far the wall clock may drift from the monotonic one before a stamp counts as stepped. */
    static final long STEP_TOLERANCE_MILLIS = 50;

    /** A session whose handshake was at {@code connectedAt} and is happening now on the monotonic clock. */
    public DeviceSession(String imei, long conn, Channel channel, long connectedAt) {
        this(imei, conn, channel, connectedAt, System.nanoTime());
    }

    /**
     * The handshake's time on the wall clock as it reads now: {@link #connectedAt} unless the wall
     * clock stepped since, then now minus the handshake's age on the monotonic clock. A sidecar judges
     * a snapshot entry's age against its own wall clock, so an entry sent after a backward step must
     * not look younger than it is (design §4 rule 4).
     */
    public long connectedAtOnWallClock(long wallNow, long nanoNow) {
        long age = (nanoNow - connectedNanos) / 1_000_000;
        long stamped = wallNow - connectedAt;
        return Math.abs(stamped - age) <= STEP_TOLERANCE_MILLIS ? connectedAt : wallNow - age;
    }

    /** The device's address, as the PROXY header gave it when there was one (see {@link PeerAddress}). */
    public SocketAddress remoteAddress() {
        return PeerAddress.of(channel);
    }
}
