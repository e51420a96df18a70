package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.BenchFailure;
import com.fleetlink.bench.registry.EventLines;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The simulated devices of a chaos run, all on one event loop thread (the processes under test need
 * the other cores), with the ground truth they record and the ACK latencies they measure.
 */
final class Fleet implements AutoCloseable {
    /** The IMEI of device 0; the rest follow (15 digits, outside the other benchmarks' ranges). */
    private static final long FIRST_IMEI = 7_000_000_000L;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Map<String, Bootstrap> bootstraps = new LinkedHashMap<>();
    /** The instances devices may connect to: every one started, less the one an instance kill took. Loop only. */
    private final List<String> live;
    /** Every instance started, in start order. */
    private final List<String> instances;
    private final List<ChaosDevice> devices = new ArrayList<>();
    private final List<String> imeis;
    private final GroundTruth truth = new GroundTruth();
    private final DeviceCommandLog commands = new DeviceCommandLog();
    private final LatencyBuckets latencies;
    private final DeviceModel model;

    /**
     * @param ports instance id → its ingestion's device port (at least two instances)
     * @param model how the devices behave and where they connect
     */
    Fleet(Map<String, Integer> ports, int devices, long seed, FaultLog faults, DeviceModel model) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.instances = List.copyOf(ports.keySet());
        this.live = new ArrayList<>(instances);
        this.latencies = new LatencyBuckets(faults);
        this.model = model;
        ports.forEach((id, port) -> bootstraps.put(id, new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .option(ChannelOption.TCP_NODELAY, true)
                // A reset instead of TIME_WAIT: thousands of reconnects must not run out of ports.
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)));
        SplittableRandom random = new SplittableRandom(seed);
        long baseTime = System.currentTimeMillis();
        for (int i = 0; i < devices; i++) {
            this.devices.add(new ChaosDevice(i, EventLines.imei(FIRST_IMEI + i), this, random.split(), baseTime));
        }
        this.imeis = this.devices.stream().map(ChaosDevice::imei).toList();
    }

    /** Every device connects, spread over {@code spreadMs}. */
    void start(int spreadMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        onLoop(() -> {
            devices.forEach(d -> d.start(random.nextInt(Math.max(1, spreadMs))));
            return null;
        });
    }

    /** Every device moves to its target instance and stays; {@code targets} is indexed like the devices. */
    void settle(List<String> targets) {
        onLoop(() -> {
            for (int i = 0; i < devices.size(); i++) {
                devices.get(i).settle(targets.get(i));
            }
            return null;
        });
    }

    /**
     * {@code instance} is about to be killed for good: no device connects to it any more, and of the
     * devices whose current socket is there, {@code offlinePercent} in a hundred (drawn from
     * {@code seed}) go offline for good instead of moving, so their fields are left to the janitor.
     * Returns how many went offline.
     */
    int instanceKilled(String instance, int offlinePercent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return onLoop(() -> {
            live.remove(instance);
            int offline = 0;
            for (ChaosDevice device : devices) {
                if (device.currentlyAt(instance) && random.nextInt(100) < offlinePercent) {
                    device.goOffline();
                    offline++;
                }
            }
            return offline;
        });
    }

    /** How many devices are settled at their target (or offline for good with no socket left). */
    int settledCount() {
        return onLoop(() -> (int) devices.stream().filter(ChaosDevice::settled).count());
    }

    /** {@link ChaosDevice#describe()} of up to {@code limit} devices that are not settled. */
    List<String> unsettled(int limit) {
        return onLoop(() -> devices.stream().filter(d -> !d.settled()).limit(limit).map(ChaosDevice::describe).toList());
    }

    /** Sizes the fleet's telemetry from the devices' side: created, acknowledged, and the protocol oddities. */
    FleetTotals totals() {
        return onLoop(() -> FleetTotals.of(devices));
    }

    /** What the devices counted of the commands they read and answered, so far. */
    DeviceCommandLog.Counts commandCounts() {
        return onLoop(commands::snapshot);
    }

    /** The IMEI of every device, in device order. */
    List<String> imeis() {
        return imeis;
    }

    /**
     * The IMEI of a device drawn with {@code random} among those without an answered socket now
     * (between reconnects, or gone offline for good), or {@code null} when every device has one.
     */
    String deviceWithoutSocket(SplittableRandom random) {
        return onLoop(() -> {
            List<ChaosDevice> offline = devices.stream().filter(d -> !d.connected()).toList();
            return offline.isEmpty() ? null : offline.get(random.nextInt(offline.size())).imei();
        });
    }

    Map<String, Object> latencyReport() {
        return onLoop(latencies::report);
    }

    int size() {
        return devices.size();
    }

    GroundTruth truth() {
        return truth;
    }

    /** The devices' command counts; on the loop. */
    DeviceCommandLog commands() {
        return commands;
    }

    LatencyBuckets latencies() {
        return latencies;
    }

    EventLoop loop() {
        return loop;
    }

    Bootstrap bootstrap(String instance) {
        return bootstraps.get(instance).clone();
    }

    /** The {@code i}-th instance started. */
    String instance(int i) {
        return instances.get(i);
    }

    /** A live instance drawn with {@code random}; on the loop. */
    String anyInstance(SplittableRandom random) {
        return live.get(random.nextInt(live.size()));
    }

    /** A live instance other than {@code instance}, drawn with {@code random}; on the loop. */
    String other(String instance, SplittableRandom random) {
        List<String> others = live.stream().filter(i -> !i.equals(instance)).toList();
        return others.get(random.nextInt(others.size()));
    }

    DeviceModel model() {
        return model;
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BenchFailure("the fleet's event loop did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "device fleet";
    }
}
