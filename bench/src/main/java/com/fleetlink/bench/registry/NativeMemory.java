package com.fleetlink.bench.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a child JVM's resident memory goes, by Native Memory Tracking category ({@code jcmd <pid>
 * VM.native_memory summary}); the child must run with {@code -XX:NativeMemoryTracking=summary}.
 */
final class NativeMemory {
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private NativeMemory() {
    }

    /** Committed KiB per category, biggest first, with {@code Total} first of all; empty if jcmd failed. */
    static Map<String, Long> committedKiB(long pid) {
        Map<String, Long> all = new LinkedHashMap<>();
        String out;
        try {
            out = Jcmd.output(pid, "VM.native_memory", "summary");
        } catch (BenchFailure e) {
            System.err.println("native memory summary: " + e.getMessage());
            return all;
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            Matcher total = TOTAL.matcher(line.trim());
            if (total.find()) {
                all.put("Total", Long.parseLong(total.group(2)));
            }
            Matcher m = CATEGORY.matcher(line.trim());
            if (m.find()) {
                categories.put(m.group(1).trim(), Long.parseLong(m.group(3)));
            }
        }
        categories.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }
}
