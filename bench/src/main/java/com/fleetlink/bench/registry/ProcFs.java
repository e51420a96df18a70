package com.fleetlink.bench.registry;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Linux says about a process and the machine: CPU time from {@code /proc/<pid>/stat}, resident
 * memory from {@code /proc/<pid>/status}, the load average and the open-file limit.
 */
public final class ProcFs {
    private static final long CLOCK_TICKS = clockTicks();

    private ProcFs() {
    }

    /** User plus system CPU time of {@code pid} so far, in seconds (resolution: one clock tick, usually 10 ms). */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / (double) CLOCK_TICKS;
    }

    /**
     * CPU seconds so far of each thread of {@code pid}, by thread name (Linux keeps 15 characters
     * of it; threads of the same name are added up), from {@code /proc/<pid>/task/<tid>/stat}.
     */
    public static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> byName = new TreeMap<>();
        File[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        if (tasks == null) {
            return byName;
        }
        for (File task : tasks) {
            String stat;
            try {
                stat = Files.readString(task.toPath().resolve("stat"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue; // the thread ended meanwhile
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
            byName.merge(name.replaceAll("[0-9]+", "#"), seconds, Double::sum);
        }
        return byName;
    }

    /**
     * The threads that used the most CPU between two {@link #threadCpuSeconds} readings, busiest
     * first, as {@code name → seconds}; at most {@code limit}.
     */
    public static Map<String, Double> busiestThreads(Map<String, Double> before, Map<String, Double> after, int limit) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> used.put(e.getKey(), Stats.round(e.getValue(), 2)));
        return used;
    }

    /** {@code VmRSS} of {@code pid} in bytes. */
    public static long rssBytes(long pid) {
        return statusKiB(pid, "VmRSS:") * 1024;
    }

    /** {@code VmHWM} (peak resident set) of {@code pid} in bytes. */
    public static long peakRssBytes(long pid) {
        return statusKiB(pid, "VmHWM:") * 1024;
    }

    private static long statusKiB(long pid, String field) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new BenchFailure("no " + field + " for pid " + pid);
    }

    /** The three load averages, as {@code /proc/loadavg} writes them. */
    public static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** The soft open-file limit of this process (children inherit it). */
    public static long openFileLimit() {
        for (String line : read(Path.of("/proc/self/limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /** File descriptors this process has open now. */
    public static int openFiles() {
        String[] fds = Path.of("/proc/self/fd").toFile().list();
        return fds == null ? 0 : fds.length;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the value of every common Linux build
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + path + ": " + e.getMessage());
        }
    }
}
