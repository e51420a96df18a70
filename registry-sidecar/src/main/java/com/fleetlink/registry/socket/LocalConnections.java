package com.fleetlink.registry.socket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * The admitted local connections, capped so that a peer opening connections in a loop cannot grow
 * the sidecar's memory: each connection costs at most one line of input buffer and the write-buffer
 * high-water mark of output. Closed connections leave the set by themselves.
 */
final class LocalConnections {
    private final ChannelGroup open;
    private final int max;

    /**
     * @param loop the sidecar's single event loop; every connection is set up there, so the check
     *             and the add in {@link #tryAdd} cannot interleave
     */
    LocalConnections(EventExecutor loop, int max) {
        this.open = new DefaultChannelGroup("local-connections", loop);
        this.max = max;
    }

    /** Adds {@code channel} unless {@code max} connections are open already. */
    boolean tryAdd(Channel channel) {
        if (open.size() >= max) {
            return false;
        }
        return open.add(channel);
    }

    /** Connections open now; any thread. */
    int size() {
        return open.size();
    }

    /** Bytes written to local peers and not yet taken by them; any thread. */
    long pendingOutboundBytes() {
        long total = 0;
        for (Channel channel : open) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                total += buffer.totalPendingWriteBytes();
            }
        }
        return total;
    }
}
