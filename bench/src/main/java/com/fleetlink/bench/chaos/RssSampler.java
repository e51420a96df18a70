package com.fleetlink.bench.chaos;

import com.fleetlink.bench.registry.ProcFs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Resident memory ({@code VmRSS}) of each role's current process, read every {@code period}: the
 * first reading and the highest, across restarts (a restarted process is the same role). A reading
 * of a process that is gone meanwhile is skipped.
 */
final class RssSampler implements AutoCloseable {
    private final Map<String, LongSupplier> pids = new LinkedHashMap<>();
    private final Map<String, long[]> startAndPeak = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Samples {@code role}, whose current pid {@code pid} gives. */
    synchronized RssSampler watch(String role, LongSupplier pid) {
        pids.put(role, pid);
        return this;
    }

    RssSampler start(long periodMs) {
        timer.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void sample() {
        pids.forEach((role, pid) -> {
            long rss;
            try {
                rss = ProcFs.rssBytes(pid.getAsLong());
            } catch (RuntimeException e) {
                return; // between a kill and the restart: no process to read

            }
            long[] sp = startAndPeak.computeIfAbsent(role, k -> new long[] {rss, rss});
            sp[1] = Math.max(sp[1], rss);
        });
    }

    /** role → {startMiB, peakMiB}. */
    synchronized Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        startAndPeak.forEach((role, sp) -> out.put(role, Map.of("startMiB", mib(sp[0]), "peakMiB", mib(sp[1]))));
        return out;
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "rss sampler";
    }
}
