package com.fleetlink.registry.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Lends Lettuce an event loop group that someone else owns, so that Redis' channels are served by
 * the same thread as the core: a batch is written without handing it to another thread, and its
 * answer is read where the core handles it. Lettuce neither creates threads of its own for I/O nor
 * shuts the group down; its owner does, after closing the client.
 */
final class LentEventLoopGroup implements EventLoopGroupProvider {
    private final EventLoopGroup group;

    LentEventLoopGroup(EventLoopGroup group) {
        this.group = group;
    }

    /**
     * The lent group, for whichever transport Lettuce picked; it picks epoll where the daemon's group
     * is epoll's, so another type means a transport the group cannot serve.
     */
    @Override
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        if (!type.isInstance(group)) {
            throw new IllegalStateException("Lettuce asked for a " + type.getName() + " but the lent group is a "
                    + group.getClass().getName());
        }
        return type.cast(group);
    }

    @Override
    public int threadPoolSize() {
        return (int) StreamSupport.stream(group.spliterator(), false).count();
    }

    /** Nothing to release: the group outlives the client. */
    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    /** Nothing to shut down: the owner does. */
    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
