package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.session.CloseReason;
import com.fleetlink.ingestion.session.ConnectionCloser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Closes a socket from which nothing has been read for the idle timeout, handshake or not. */
final class IdleConnectionCloser extends IdleStateHandler {
    private final Duration timeout;
    private final ConnectionCloser closer;

    IdleConnectionCloser(Duration timeout, ConnectionCloser closer) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.timeout = timeout;
        this.closer = closer;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        closer.close(ctx.channel(), CloseReason.IDLE, "nothing received for " + timeout.toMillis() + " ms");
    }
}
