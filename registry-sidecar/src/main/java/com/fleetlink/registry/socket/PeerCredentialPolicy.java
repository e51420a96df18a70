package com.fleetlink.registry.socket;

import com.sun.security.auth.module.UnixSystem;
import java.util.Set;

/**
 * Who may talk to the sidecar over its socket, judged from the kernel's peer credentials
 * ({@code SO_PEERCRED}) at accept, so a process that can reach the socket file is still refused
 * when it runs as someone else.
 *
 * <p>A peer is allowed when its uid is the sidecar's own, when its (primary) gid is the sidecar's
 * own gid — the Kubernetes layout: two containers, two uids, one shared group — or when its uid is
 * listed in {@code extraUids}. Root (uid 0) is not special: it passes only when the sidecar itself
 * runs as root or {@code 0} is listed, because a root container that merely mounts the shared
 * directory should not steer the registry.
 *
 * @param ownUid    the sidecar's uid
 * @param ownGid    the sidecar's primary gid
 * @param extraUids further uids allowed ({@code --allow-peer-uid})
 */
public record PeerCredentialPolicy(int ownUid, int ownGid, Set<Integer> extraUids) {

    public PeerCredentialPolicy {
        extraUids = Set.copyOf(extraUids);
    }

    /** The policy of this process: its own uid and gid, plus {@code extraUids}. */
    public static PeerCredentialPolicy ofThisProcess(Set<Integer> extraUids) {
        UnixSystem self = new UnixSystem();
        return new PeerCredentialPolicy((int) self.getUid(), (int) self.getGid(), extraUids);
    }

    /** Whether a peer running as {@code uid} with the groups {@code gids} may connect. */
    public boolean allows(int uid, int[] gids) {
        if (uid == ownUid || extraUids.contains(uid)) {
            return true;
        }
        for (int gid : gids) {
            if (gid == ownGid) {
                return true;
            }
        }
        return false;
    }
}
