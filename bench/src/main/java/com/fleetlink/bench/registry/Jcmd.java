package com.fleetlink.bench.registry;

import com.fleetlink.bench.ClassHistogram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Diagnostic commands sent to a child JVM with this JDK's own {@code jcmd}. */
final class Jcmd {
    private static final long TIMEOUT_SECONDS = 30;

    private Jcmd() {
    }

    /** What {@code jcmd <pid> command…} printed. */
    static String output(long pid, String... command) {
        List<String> args = new ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchFailure("jcmd " + String.join(" ", command) + " did not answer in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new BenchFailure("jcmd " + String.join(" ", command) + " exited " + p.exitValue() + ": " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new BenchFailure("could not run jcmd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while waiting for jcmd");
        }
    }

    /**
     * Shallow bytes of every object live in {@code pid}'s heap: {@code GC.class_histogram} runs a
     * full collection first, so garbage is not counted.
     */
    static long liveHeapBytes(long pid) {
        return ClassHistogram.parse(output(pid, "GC.class_histogram")).totalBytes();
    }
}
