package com.fleetlink.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child process (redis-server, a daemon's JVM, the device simulator) with its stdout and stderr
 * in files, so a caller can wait for a log line, signal it the way an orchestrator does (SIGTERM,
 * SIGKILL, SIGSTOP and SIGCONT) and show what it logged when something fails. It starts with stdin
 * at end of file and an environment holding only {@code PATH}: the developer's or CI's own variables
 * (every flag of the daemons also reads one) cannot change what runs.
 */
public final class ChildProcess implements AutoCloseable {
    private static final File NO_INPUT = new File("/dev/null");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration LOG_POLL = Duration.ofMillis(10);
    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private volatile boolean paused;

    private ChildProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} with its output in {@code NAME.stdout} and {@code NAME.stderr} of
     * {@code logDir}. A name already used there (a restarted process) gets a suffix, {@code NAME.2}
     * and so on: no log is overwritten, and a wait for a log line never sees one of an earlier life.
     */
    public static synchronized ChildProcess start(String name, List<String> command, Path logDir) {
        String unique = name;
        for (int n = 2; Files.exists(logDir.resolve(unique + ".stderr")); n++) {
            unique = name + "." + n;
        }
        return start(unique, command, logDir.resolve(unique + ".stdout"), logDir.resolve(unique + ".stderr"));
    }

    /** Starts {@code command} with its output in the given files; the same file twice merges them. */
    public static ChildProcess start(String name, List<String> command, Path stdout, Path stderr) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(stdout.toFile());
        if (stderr.equals(stdout)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr.toFile());
        }
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        try {
            return new ChildProcess(name, builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    /** The name it was started under, e.g. {@code sidecar-pod-a}, with the suffix of a restart. */
    public String name() {
        return name;
    }

    /** Its process id, e.g. for {@code /proc} or to match the pid an ingestion announces. */
    public long pid() {
        return process.pid();
    }

    /** Whether it is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file its stderr goes to (its log). */
    public Path stderrFile() {
        return stderr;
    }

    /** Everything it wrote to stderr so far. */
    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + stderr + " unreadable: " + e + ">";
        }
    }

    /**
     * Waits until its stderr matches {@code pattern} for the {@code occurrence}-th time (1 for the
     * first) and returns that match; fails at once when it exits before.
     */
    public Matcher awaitLog(Pattern pattern, int occurrence, Duration timeout) {
        Matcher[] found = new Matcher[1];
        Poll.untilOrTimeout(timeout, LOG_POLL, () -> (found[0] = nthMatch(pattern, occurrence)) != null || !isAlive());
        if (found[0] == null) {
            // It may have logged the line just before it exited.
            found[0] = nthMatch(pattern, occurrence);
        }
        if (found[0] != null) {
            return found[0];
        }
        String why = isAlive() ? " did not log /" + pattern + "/ " + occurrence + " time(s) within " + timeout.toMillis() + " ms"
                : " exited with " + process.exitValue() + " before logging /" + pattern + "/ " + occurrence + " time(s)";
        throw new AssertionError(name + why + " (saw it " + countLog(pattern) + " times)\n" + tail());
    }

    /** Waits for the first match of {@code pattern}. */
    public Matcher awaitLog(Pattern pattern, Duration timeout) {
        return awaitLog(pattern, 1, timeout);
    }

    /** Waits until its stderr contains {@code text}. */
    public void awaitLog(String text, Duration timeout) {
        awaitLog(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** How many times its stderr matches {@code pattern} so far. */
    public int countLog(Pattern pattern) {
        Matcher m = pattern.matcher(stderr());
        int seen = 0;
        while (m.find()) {
            seen++;
        }
        return seen;
    }

    private Matcher nthMatch(Pattern pattern, int occurrence) {
        Matcher m = pattern.matcher(stderr());
        for (int seen = 0; m.find(); ) {
            if (++seen == occurrence) {
                return m;
            }
        }
        return null;
    }

    /** SIGTERM, as Kubernetes and compose send it; returns at once, so a caller can watch the stop. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL (no shutdown code runs), then waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: it keeps every socket open and answers nothing, like a process wedged in a GC or a deadlock. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}: what it was sent meanwhile runs now. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal + " to " + name, e);
        }
    }

    /** Its exit code once it has exited within {@code timeout}; {@code null} while it still runs. */
    public Integer exitWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name + " to exit", e);
        }
    }

    /** Waits for it to exit and returns the exit code; fails (and kills it) if it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        Integer exit = exitWithin(timeout);
        if (exit == null) {
            String logs = tail();
            kill();
            throw new AssertionError(name + " still running " + timeout.toMillis() + " ms later\n" + logs);
        }
        return exit;
    }

    /**
     * SIGTERM (after SIGCONT if it is paused, so it can act on it) and {@link #awaitExit}: the exit
     * code of a graceful stop, which must come within {@code timeout}.
     */
    public int terminate(Duration timeout) {
        sigtermEvenIfPaused();
        return awaitExit(timeout);
    }

    /**
     * SIGTERM (after SIGCONT if it is paused), then SIGKILL if it has not exited within {@code grace};
     * returns the exit code either way, so a caller can report a stop that needed the SIGKILL.
     */
    public int stop(Duration grace) {
        sigtermEvenIfPaused();
        Integer exit = exitWithin(grace);
        if (exit == null) {
            kill();
            return process.exitValue();
        }
        return exit;
    }

    private void sigtermEvenIfPaused() {
        if (paused) {
            resume();
        }
        sigterm();
    }

    /** Its name, state and the last lines of stdout and stderr, for a failure message. */
    public String tail() {
        StringBuilder out = new StringBuilder();
        out.append("---- ").append(name).append(" (pid ").append(process.pid()).append(", ")
                .append(process.isAlive() ? "running" : "exited " + process.exitValue()).append(") stderr:\n");
        appendTail(out, stderr());
        if (!stdout.equals(stderr)) {
            String stdoutText = readQuietly(stdout);
            if (!stdoutText.isEmpty()) {
                out.append("---- ").append(name).append(" stdout:\n");
                appendTail(out, stdoutText);
            }
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

    /** SIGKILL if it still runs, so no child outlives its test or benchmark. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
