package com.fleetlink.bench.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * redis-server's CPU time ({@code /proc/<pid>/stat} utime + stime, all its threads) and the length
 * of one hash, sampled on a thread of its own every {@code period} ms with the wall-clock time of
 * each sample, so a window known only afterwards (a janitor sweep's start and duration, from the
 * sidecar's status) can be costed. {@code HLEN} is O(1): the sampling itself costs Redis next to nothing.
 */
final class RedisTrace implements AutoCloseable {
    /** One sample: wall-clock ms, Redis CPU seconds so far, the hash's length. */
    record Sample(long wallMillis, double cpuSeconds, long length) {
    }

    private final long pid;
    private final String key;
    private final long periodMillis;
    private final RespClient client;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    RedisTrace(long pid, int port, String key, long periodMillis) {
        this.pid = pid;
        this.key = key;
        this.periodMillis = periodMillis;
        this.client = RespClient.connect(port);
        this.thread = new Thread(this::sampleUntilStopped, "redis-trace");
        this.thread.setDaemon(true);
    }

    RedisTrace start() {
        sample();
        thread.start();
        return this;
    }

    private void sampleUntilStopped() {
        while (!stopped) {
            // The sampling period, not a wait for a condition.
            LockSupport.parkNanos(periodMillis * 1_000_000L);
            if (!stopped) {
                sample();
            }
        }
    }

    private void sample() {
        long length = client.hlen(key);
        Sample s = new Sample(System.currentTimeMillis(), ProcFs.cpuSeconds(pid), length);
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** Every sample so far, oldest first. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The first sample at or after {@code wallMillis}, else the last one. */
    Sample at(long wallMillis) {
        List<Sample> all = samples();
        return all.stream().filter(s -> s.wallMillis() >= wallMillis).findFirst().orElse(all.get(all.size() - 1));
    }

    /** The last sample at or before {@code wallMillis}, else the first one. */
    Sample before(long wallMillis) {
        List<Sample> all = samples();
        Sample found = all.get(0);
        for (Sample s : all) {
            if (s.wallMillis() > wallMillis) {
                break;
            }
            found = s;
        }
        return found;
    }

    /** Redis CPU seconds spent from the last sample at or before {@code fromMillis} to the first at or after {@code toMillis}. */
    double cpuBetween(long fromMillis, long toMillis) {
        return at(toMillis).cpuSeconds() - before(fromMillis).cpuSeconds();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    @Override
    public String toString() {
        return "redis trace";
    }
}
