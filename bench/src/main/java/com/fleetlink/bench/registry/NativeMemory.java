package com.fleetlink.bench.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "VM.native_memory", "summary").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
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
        } catch (IOException e) {
            System.err.println("jcmd failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all;
    }
}
