package com.fleetlink.ingestion.server;

import com.fleetlink.ingestion.command.CommandOutcomes;
import com.fleetlink.ingestion.command.CommandRouter;
import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.session.ConnectionCloser;
import com.fleetlink.ingestion.session.SessionTable;
import com.fleetlink.ingestion.telemetry.TelemetrySink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-facing TCP server: binds, serves until {@link #stop()}, then drains.
 *
 * <p>Uses epoll where the native library loads, NIO elsewhere.
 */
public final class IngestionServer {
    private static final Logger log = LoggerFactory.getLogger(IngestionServer.class);

    private final IngestionConfig config;
    private final TelemetrySink sink;
    private final IngestionMetrics metrics;
    private final ConnectionCloser closer = new ConnectionCloser();
    private final SessionTable sessions = new SessionTable(closer);
    private final ChannelGroup channels = new DefaultChannelGroup("devices", GlobalEventExecutor.INSTANCE);
    private final CommandOutcomeReporter commandOutcomes;
    private final SocketCommandRouter commandRouter;
    private EventLoopGroup bossGroup;
    private volatile EventLoopGroup workerGroup;
    private Channel serverChannel;

    public IngestionServer(IngestionConfig config, TelemetrySink sink, IngestionMetrics metrics) {
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
        this.commandOutcomes = new CommandOutcomeReporter(metrics);
        this.commandRouter = new SocketCommandRouter(sessions, commandOutcomes);
    }

    /** Binds the port and starts accepting devices. */
    public synchronized void start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, io);
        workerGroup = new MultiThreadIoEventLoopGroup(0, io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new TeltonikaChannelInitializer(config, sessions, sink, closer, metrics, channels, commandOutcomes));
        serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        log.info("listening on {}:{} ({})", config.host(), port(), epoll ? "epoll" : "nio");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The device sessions, for the registry hooks. */
    public SessionTable sessions() {
        return sessions;
    }

    /**
     * Takes commands to the device sockets (design §9): the one whose {@code conn} the command names,
     * if it is still the device's current socket; else the command fails as not held. Once the server
     * stops accepting devices, every command fails as shutdown.
     */
    public CommandRouter commandRouter() {
        return commandRouter;
    }

    /**
     * Where the sockets report what became of their commands, once it is known (the registry client is
     * built after the server); until then outcomes are only counted.
     */
    public void setCommandOutcomes(CommandOutcomes outcomes) {
        commandOutcomes.setOutcomes(outcomes);
    }

    /** Whether the server is accepting devices, for {@code /readyz}. */
    public boolean isListening() {
        Channel ch = serverChannel;
        return ch != null && ch.isActive();
    }

    /**
     * Whether every worker event loop runs a task within {@code timeout}, for {@code /livez}: a
     * wedged loop stalls its devices while the process still looks alive.
     */
    public boolean eventLoopsRespond(Duration timeout) {
        EventLoopGroup group = workerGroup;
        if (group == null) {
            return false;
        }
        List<Future<?>> probes = new ArrayList<>();
        group.forEach(loop -> probes.add(loop.submit(() -> { })));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> probe : probes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !probe.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left)) || !probe.isSuccess()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs a task on every worker event loop and calls {@code then} on the last one to run it, for
     * the registry's {@code pong}. Never blocks; without running loops {@code then} is not called.
     */
    public void runOnEveryEventLoop(Runnable then) {
        EventLoopGroup group = workerGroup;
        if (group == null || group.isShuttingDown()) {
            return;
        }
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        AtomicInteger left = new AtomicInteger(loops.size());
        try {
            for (EventExecutor loop : loops) {
                loop.execute(() -> {
                    if (left.decrementAndGet() == 0) {
                        then.run();
                    }
                });
            }
        } catch (RejectedExecutionException e) {
            // the loops are stopping: no answer, as for a wedged loop
        }
    }

    /**
     * Closes the listening socket: no new devices and no new commands, the connected ones stay served
     * (commands already in their slots run their course). The first step of a graceful stop, before
     * the registry releases this instance's entries (design §4 rule 8).
     */
    public synchronized void stopAccepting() {
        commandRouter.stop();
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().awaitUninterruptibly();
        }
    }

    /**
     * Stops accepting, then closes the device sockets one by one spread over {@code duration}, oldest
     * first, each after the ACKs it owes (see {@link PacedDrain}), and returns when the last has
     * closed. Sockets still open the drain timeout after the last was asked are closed at once. The
     * event loops and the sink stay up for {@link #stop()}.
     */
    public void drain(Duration duration) {
        stopAccepting();
        PacedDrain drain = new PacedDrain(List.copyOf(channels), duration, workerGroup.next(), metrics);
        long bound = duration.plus(config.drainTimeout()).toMillis();
        if (!drain.start().completeOnTimeout(false, bound, TimeUnit.MILLISECONDS).join()) {
            log.warn("{} sockets still open {} ms into the drain; closing them", channels.size(), bound);
            channels.close().awaitUninterruptibly();
        }
    }

    /**
     * Stops accepting, lets every socket send the ACKs of frames already received (up to the drain
     * timeout), closes the sockets and the event loops, then closes the sink.
     */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        stopAccepting();
        int open = channels.size();
        channels.forEach(ch -> ch.pipeline().fireUserEventTriggered(DrainRequest.INSTANCE));
        boolean drained = channels.newCloseFuture().awaitUninterruptibly(config.drainTimeout().toMillis());
        if (!drained) {
            log.warn("{} sockets still open after the {} ms drain; closing them", channels.size(), config.drainTimeout().toMillis());
            channels.close().awaitUninterruptibly();
        }
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        sink.close();
        serverChannel = null;
        log.info("stopped; {} device sockets drained", open);
    }
}
