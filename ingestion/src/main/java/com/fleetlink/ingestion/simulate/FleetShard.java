package com.fleetlink.ingestion.simulate;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The devices of one event loop and everything they share: counters, latencies, the pacer and the
 * churn ticker. After {@link #start} everything here runs on that loop, so none of it is locked;
 * the fleet reads it back through {@link #snapshot()}, submitted to the loop.
 */
final class FleetShard {
    /** How long a device whose socket was lost waits before connecting again. */
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final SimulationSettings settings;
    private final ConnectOutcomes outcomes;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final FleetCounters counters = new FleetCounters();
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final Promise<Void> stopped;
    private SendPacer pacer;
    private ScheduledFuture<?> churnTicks;
    private boolean stopping;
    private int stoppedDevices;

    /**
     * @param bootstrap a bootstrap bound to {@code loop} and to the server's address, cloned per socket
     */
    FleetShard(EventLoop loop, Bootstrap bootstrap, SimulationSettings settings, ConnectOutcomes outcomes) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.outcomes = outcomes;
        this.stopped = loop.newPromise();
    }

    /** Adds a device; only before {@link #start}. */
    void add(SimulatedDevice device) {
        devices.add(device);
    }

    /** Connects every device and, with {@code --churn}, starts churning. */
    void start() {
        loop.execute(() -> {
            if (devices.isEmpty()) {
                stopped.trySuccess(null);
                return;
            }
            // This loop's share of the fleet-wide figures, in proportion to its devices.
            double share = (double) devices.size() / settings.devices();
            if (settings.rate() > 0) {
                pacer = new SendPacer(loop, settings.rate() * share);
            }
            if (settings.churn() > 0) {
                churnTicks = loop.scheduleAtFixedRate(new ChurnTicker(devices, settings.churn() * share),
                        ChurnTicker.TICK_MILLIS, ChurnTicker.TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
            devices.forEach(SimulatedDevice::connect);
        });
    }

    /**
     * Stops the devices at {@code deadlineNanos} ({@link System#nanoTime()}), letting each wait for
     * the ACK it is owed, and forces the stragglers {@code drainBound} later.
     */
    void stopAt(long deadlineNanos, Duration drainBound) {
        loop.execute(() -> {
            loop.schedule(this::stop, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            loop.schedule(this::forceStop, deadlineNanos + drainBound.toNanos() - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        });
    }

    /** Stops at once, from any thread: for runs given up before their deadline. */
    void abort() {
        loop.execute(this::forceStop);
    }

    /** Completes once every device of this shard has stopped. */
    Future<Void> stopped() {
        return stopped;
    }

    /** A copy of the counters and latencies; call on the loop (submit it). */
    Snapshot snapshot() {
        return new Snapshot(counters.copy(), latencies.toArray());
    }

    private void stop() {
        beginStopping();
        devices.forEach(SimulatedDevice::stop);
    }

    private void forceStop() {
        beginStopping();
        devices.forEach(SimulatedDevice::forceStop);
    }

    private void beginStopping() {
        stopping = true;
        if (churnTicks != null) {
            churnTicks.cancel(false);
        }
    }

    // What devices use, all on the loop.

    EventLoop loop() {
        return loop;
    }

    SimulationSettings settings() {
        return settings;
    }

    FleetCounters counters() {
        return counters;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    ConnectOutcomes outcomes() {
        return outcomes;
    }

    boolean stopping() {
        return stopping;
    }

    ChannelFuture connect(DeviceChannelHandler handler) {
        return bootstrap.clone().handler(handler).connect();
    }

    void pace(Runnable send) {
        if (pacer == null) {
            send.run();
        } else {
            pacer.submit(send);
        }
    }

    void reconnectLater(SimulatedDevice device) {
        loop.schedule(device::connect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void deviceStopped() {
        stoppedDevices++;
        if (stoppedDevices == devices.size()) {
            stopped.trySuccess(null);
        }
    }

    /**
     * What one shard measured.
     *
     * @param counters  its counters
     * @param latencies its ACK latencies, nanoseconds
     */
    record Snapshot(FleetCounters counters, long[] latencies) {
    }
}
