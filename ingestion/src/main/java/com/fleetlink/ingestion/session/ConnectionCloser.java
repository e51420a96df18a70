package com.fleetlink.ingestion.session;

import com.fleetlink.protocol.log.LogFields;
import com.fleetlink.protocol.log.RateLimitedLog;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server closes a device socket: it records why (the first reason wins, later ones
 * are the same close seen again), logs one line with the remote address and IMEI, and closes.
 */
public final class ConnectionCloser {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCloser.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log);
    private static final AttributeKey<CloseReason> REASON = AttributeKey.valueOf("closeReason");

    /**
     * Closes {@code channel} for {@code reason}. Failures (every reason but {@code PEER_CLOSED},
     * {@code IDLE}, {@code SUPERSEDED} and {@code SHUTDOWN}) log at warn, at most one line per
     * reason per interval (a device or a flood can provoke them at will), the rest at debug. The
     * address logged is the device's as the PROXY header told it, else the socket's peer.
     */
    public void close(Channel channel, CloseReason reason, String detail) {
        if (channel.attr(REASON).setIfAbsent(reason) == null) {
            DeviceSession session = SessionTable.sessionOf(channel);
            String imei = session == null ? "-" : session.imei();
            Object remote = PeerAddress.of(channel);
            LogFields fields = new LogFields(session == null ? null : imei, null, reason.label()).remote(remote);
            if (isFailure(reason)) {
                failures.warn(reason.label(), fields, "closing {} imei={} reason={}: {}", remote, imei, reason.label(), detail);
            } else if (log.isDebugEnabled()) {
                fields.addTo(log.atDebug()).log("closing {} imei={} reason={}: {}", remote, imei, reason.label(), detail);
            }
        }
        channel.close();
    }

    /** Why {@code channel} closed: the reason given to {@link #close}, else {@link CloseReason#PEER_CLOSED}. */
    public static CloseReason reasonOf(Channel channel) {
        CloseReason reason = channel.attr(REASON).get();
        return reason == null ? CloseReason.PEER_CLOSED : reason;
    }

    private static boolean isFailure(CloseReason reason) {
        return switch (reason) {
            case PEER_CLOSED, IDLE, SUPERSEDED, SHUTDOWN -> false;
            default -> true;
        };
    }
}
