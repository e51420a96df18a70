package com.fleetlink.ingestion.simulate;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one simulation: spreads the devices over one or two event loops (epoll where the native
 * library loads, NIO elsewhere), connects them all, lets them send for {@code --duration} from then,
 * waits a short while for the ACKs still owed, closes everything and merges what each loop measured.
 *
 * <p>When no device's first attempt gets through it stops at once, so a wrong address fails fast
 * rather than after the whole duration.
 */
final class DeviceFleet {
    /**
     * How long, after the duration, devices may wait for the ACK of their last packet: as long as the
     * server's own default drain, so a busy server's last ACKs still count.
     */
    static final Duration DRAIN_BOUND = Duration.ofSeconds(5);
    /** How long one TCP connect may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long every device's first connect and handshake may take before sending time starts. */
    static final Duration STARTUP_BOUND = Duration.ofSeconds(10);

    // The server is what is being measured; a third thread would mostly take its CPU.
    private static final int MAX_THREADS = 2;

    private final SimulationSettings settings;

    DeviceFleet(SimulationSettings settings) {
        this.settings = settings;
    }

    /** Runs the fleet to the end and reports. */
    SimulationReport run() throws InterruptedException {
        InetSocketAddress server = new InetSocketAddress(settings.host(), settings.port());
        if (server.isUnresolved()) {
            return notConnected("unknown host " + settings.host());
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends Channel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        int threads = Math.min(MAX_THREADS, Math.min(settings.devices(), Runtime.getRuntime().availableProcessors()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        try {
            ConnectOutcomes outcomes = new ConnectOutcomes(settings.devices());
            List<FleetShard> shards = new ArrayList<>();
            for (EventExecutor executor : group) {
                EventLoop loop = (EventLoop) executor;
                Bootstrap bootstrap = new Bootstrap()
                        .group(loop)
                        .channel(channelType)
                        .remoteAddress(server)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
                shards.add(new FleetShard(loop, bootstrap, settings, outcomes));
            }
            addDevices(shards);
            return runShards(shards, outcomes);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void addDevices(List<FleetShard> shards) {
        // Truncated to the second so that timestamps read well; the sequence fills in the milliseconds.
        long baseTime = System.currentTimeMillis() / 1000 * 1000;
        for (int i = 0; i < settings.devices(); i++) {
            FleetShard shard = shards.get(i % shards.size());
            shard.add(new SimulatedDevice(SimulatedImei.of(i), new RecordFactory(settings.codec(), i, baseTime), shard));
        }
    }

    private SimulationReport runShards(List<FleetShard> shards, ConnectOutcomes outcomes) throws InterruptedException {
        long start = System.nanoTime();
        shards.forEach(FleetShard::start);
        // The duration counts from when every device is up (or given up on), so a slow connect
        // storm on a busy machine does not eat the time meant for sending.
        outcomes.await(STARTUP_BOUND.toNanos());
        double startupSeconds = (System.nanoTime() - start) / 1e9;
        String failure = null;
        long waitUntil;
        if (outcomes.acceptedCount() == 0) {
            String why = outcomes.firstFailure();
            failure = "no device could connect to " + settings.host() + ":" + settings.port() + ": "
                    + (why == null ? "no handshake answered within " + STARTUP_BOUND.toSeconds() + " s" : why);
            shards.forEach(FleetShard::abort);
            waitUntil = System.nanoTime() + DRAIN_BOUND.toNanos();
        } else {
            long deadline = System.nanoTime() + settings.duration().toNanos();
            shards.forEach(s -> s.stopAt(deadline, DRAIN_BOUND));
            // Shards force their devices to stop at deadline + DRAIN_BOUND; the extra second is for that to run.
            waitUntil = deadline + DRAIN_BOUND.toNanos() + TimeUnit.SECONDS.toNanos(1);
        }
        for (FleetShard shard : shards) {
            shard.stopped().await(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        FleetCounters counters = new FleetCounters();
        List<long[]> latencies = new ArrayList<>();
        for (FleetShard shard : shards) {
            FleetShard.Snapshot snapshot = snapshotOf(shard);
            counters.add(snapshot.counters());
            latencies.add(snapshot.latencies());
        }
        return new SimulationReport(settings, startupSeconds, elapsedSeconds, counters,
                LatencyRecorder.summarize(latencies), failure);
    }

    private static FleetShard.Snapshot snapshotOf(FleetShard shard) throws InterruptedException {
        try {
            return shard.loop().submit(shard::snapshot).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the counters of an event loop", e.getCause());
        }
    }

    private SimulationReport notConnected(String why) {
        return new SimulationReport(settings, 0, 0, new FleetCounters(), LatencyRecorder.summarize(List.of()),
                "no device could connect to " + settings.host() + ":" + settings.port() + ": " + why);
    }
}
