package com.fleetlink.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Reads a count every {@link #INTERVAL} on a thread of its own, so a rate can be taken where it
 * happens rather than from a load generator that may be late itself.
 */
final class CounterSampler implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);

    private record Sample(long micros, double value) {
    }

    private final DoubleSupplier counter;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CounterSampler(String name, DoubleSupplier counter) {
        this.counter = counter;
        this.thread = new Thread(this::sample, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            double value = counter.getAsDouble();
            synchronized (samples) {
                samples.add(new Sample(WallClock.micros(), value));
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
        }
    }

    /**
     * The largest increase between two samples at most a second apart, taken after
     * {@code fromMicros}: the busiest second, to within the sampling interval.
     */
    int peakPerSecond(long fromMicros) {
        List<Sample> taken;
        synchronized (samples) {
            taken = samples.stream().filter(s -> s.micros() >= fromMicros).toList();
        }
        double most = 0;
        int to = 0;
        for (int from = 0; from < taken.size(); from++) {
            to = Math.max(to, from);
            while (to + 1 < taken.size() && taken.get(to + 1).micros() - taken.get(from).micros() <= 1_000_000) {
                to++;
            }
            most = Math.max(most, taken.get(to).value() - taken.get(from).value());
        }
        return (int) most;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
