package com.fleetlink.bench.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine line every figure is reported with: cores, CPU model, RAM, kernel, JDK, open-file limit, Redis. */
public final class Machine {
    private Machine() {
    }

    /** The machine as a JSON-ready map; a value Linux does not give is {@code unknown}. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memTotal", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease")));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("openFileLimit", ProcFs.openFileLimit());
        m.put("redis", RedisTools.version());
        return m;
    }

    /** The three load averages, as {@code /proc/loadavg} writes them. */
    public static String loadAverage() {
        return ProcFs.loadAverage();
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
