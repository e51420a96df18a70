package com.fleetlink.registry.socket;

import com.fleetlink.protocol.log.RateLimitedLog;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every accepted connection passes before it gets a pipeline: its peer credentials must
 * satisfy the {@link PeerCredentialPolicy} and the connection cap must have room. A refused peer is
 * closed at once, counted by reason and logged at most once per reason per interval, since a
 * peer can retry in a loop.
 */
final class PeerAdmission {
    private static final Logger log = LoggerFactory.getLogger(PeerAdmission.class);
    private static final RateLimitedLog refusals = new RateLimitedLog(log);

    /** Why a connection was refused; the label of {@code teltonika_registry_refused_peers_total}. */
    enum Refusal {
        /** The peer's uid and gid are not allowed. */
        CREDENTIALS,
        /** The kernel gave no credentials for the peer. */
        NO_CREDENTIALS,
        /** {@link LocalSocketSettings#maxConnections()} connections are open already. */
        CONNECTION_LIMIT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final PeerCredentialPolicy policy;
    private final LocalConnections connections;
    private final SidecarMetrics metrics;

    PeerAdmission(PeerCredentialPolicy policy, LocalConnections connections, SidecarMetrics metrics) {
        this.policy = policy;
        this.connections = connections;
        this.metrics = metrics;
    }

    /** Admits {@code channel}, or closes it and returns false. */
    boolean admit(EpollDomainSocketChannel channel) {
        PeerCredentials peer;
        try {
            peer = channel.peerCredentials();
        } catch (IOException e) {
            return refuse(channel, Refusal.NO_CREDENTIALS, "refused a local connection: no peer credentials ({})", e.toString());
        }
        if (!policy.allows(peer.uid(), peer.gids())) {
            return refuse(channel, Refusal.CREDENTIALS,
                    "refused a local connection from pid {} uid {} gids {}: allowed are uid {}, gid {} and --allow-peer-uid {}",
                    peer.pid(), peer.uid(), Arrays.toString(peer.gids()), policy.ownUid(), policy.ownGid(),
                    policy.extraUids());
        }
        if (!connections.tryAdd(channel)) {
            return refuse(channel, Refusal.CONNECTION_LIMIT,
                    "refused a local connection from pid {}: {} connections are open already", peer.pid(), connections.size());
        }
        return true;
    }

    private boolean refuse(EpollDomainSocketChannel channel, Refusal why, String format, Object... args) {
        metrics.refusedPeer(why.label());
        refusals.warn(why.label(), format, args);
        channel.close();
        return false;
    }
}
