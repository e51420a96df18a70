package com.fleetlink.registry.testkit;

import com.fleetlink.registry.SidecarMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real sidecar process: {@code registry-sidecar run} in a child JVM on this test's class path, its
 * stderr (the log) kept in a file the test can read, stopped with SIGTERM like in a pod.
 */
public final class SidecarJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;

    private SidecarJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** Starts {@code run} with {@code runArgs}; the log goes to {@code stderrFile}. */
    public static SidecarJvm start(Path stderrFile, List<String> runArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SidecarMain.class.getName(), "run"));
        command.addAll(runArgs);
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderrFile.toFile())
                .start();
        return new SidecarJvm(process, stderrFile);
    }

    /** Everything logged so far. */
    public String log() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new AssertionError("reading " + stderr + ": " + e);
        }
    }

    /** Waits until the log contains {@code text}. */
    public void awaitLog(Duration timeout, String text) {
        Poll.until(timeout, "'" + text + "' in the sidecar's log", () -> log().contains(text));
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sidecar did not exit within " + timeout.toMillis() + " ms of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
