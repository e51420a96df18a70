package com.fleetlink.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar} child process with its stdout and stderr in files, so a test can wait for a
 * log line, signal the process the way an orchestrator does, and show what it logged when something
 * fails.
 */
public final class JavaChild {
    /** The child JVMs only serve a few hundred sockets: C1 alone and a small serial heap start fastest on a busy machine. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xms32m", "-Xmx256m");
    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JavaChild(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code java -jar jar args…} with an environment holding only {@code PATH}, so the
     * developer's or CI's own variables (every flag also reads one) cannot change what is tested.
     *
     * @param logDir where {@code NAME.stdout} and {@code NAME.stderr} are written
     */
    static JavaChild start(String name, Path jar, List<String> args, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the build's package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Path out = logDir.resolve(name + ".stdout");
        Path err = logDir.resolve(name + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        try {
            return new JavaChild(name, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** The name it was started under, e.g. {@code sidecar-a}. */
    public String name() {
        return name;
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether it is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it logged so far. */
    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + stderr + " unreadable: " + e + ">";
        }
    }

    /**
     * Waits until a line of its stderr matches {@code pattern} for the {@code occurrence}-th time
     * (1 for the first) and returns that match.
     */
    public Matcher awaitLog(Pattern pattern, int occurrence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(stderr());
            int seen = 0;
            while (m.find()) {
                if (++seen == occurrence) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging /" + pattern
                        + "/ (" + seen + " of " + occurrence + " times)\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log /" + pattern + "/ " + occurrence + " time(s) within "
                        + timeout.toMillis() + " ms (saw it " + seen + " times)\n" + tail());
            }
            Waits.pollPause();
        }
    }

    /** Waits for the first line matching {@code pattern}. */
    public Matcher awaitLog(Pattern pattern, Duration timeout) {
        return awaitLog(pattern, 1, timeout);
    }

    /** How many lines so far match {@code pattern}. */
    public int countLog(Pattern pattern) {
        Matcher m = pattern.matcher(stderr());
        int seen = 0;
        while (m.find()) {
            seen++;
        }
        return seen;
    }

    /** SIGTERM, as Kubernetes and compose send it. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL: no shutdown code runs. */
    public void sigkill() {
        process.destroyForcibly();
    }

    /** SIGSTOP: it keeps every socket open and answers nothing, like a process wedged in a GC or a deadlock. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name, e);
        }
    }

    /** Waits for it to exit and returns the exit code; fails (and kills it) if it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String logs = tail();
                process.destroyForcibly();
                throw new AssertionError(name + " still running " + timeout.toMillis() + " ms later\n" + logs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name + " to exit");
        }
        return process.exitValue();
    }

    /** Kills it if it is still running and waits until it is gone, so no child outlives its test. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Its name, state and the last lines of stdout and stderr, for a failure message. */
    public String tail() {
        StringBuilder out = new StringBuilder();
        out.append("---- ").append(name).append(" (pid ").append(process.pid()).append(", ")
                .append(process.isAlive() ? "running" : "exited " + process.exitValue()).append(") stderr:\n");
        appendTail(out, stderr());
        String stdoutText = readQuietly(stdout);
        if (!stdoutText.isEmpty()) {
            out.append("---- ").append(name).append(" stdout:\n");
            appendTail(out, stdoutText);
        }
        return out.toString();
    }

    private static void appendTail(StringBuilder out, String text) {
        String[] lines = text.split("\n", -1);
        int from = Math.max(0, lines.length - LOG_TAIL_LINES);
        if (from > 0) {
            out.append("[… ").append(from).append(" earlier lines]\n");
        }
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                out.append(lines[i]).append('\n');
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
