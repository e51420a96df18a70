package com.fleetlink.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.Jars;
import com.fleetlink.testkit.JavaProgram;
import com.fleetlink.testkit.ProcessOwner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference client ({@code registry-sidecar send|commands|cancel}) run from the sidecar's jar
 * against one Redis, as an operator or a script would run it. Each run is a child process of its
 * own; {@link #start} returns at once, so a test can answer as the device while {@code send --wait} waits.
 */
public final class CommandCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String redisUri;
    private final Path dir;
    private final ProcessOwner owner;
    private final AtomicInteger runs = new AtomicInteger();

    /** Runs against the Redis at {@code redisUri}, its output files in {@code dir}, each run adopted by {@code owner}. */
    public CommandCli(String redisUri, Path dir, ProcessOwner owner) {
        this.redisUri = redisUri;
        this.dir = dir;
        this.owner = owner;
    }

    /** Starts {@code registry-sidecar SUBCOMMAND --redis URI ARGS} without waiting for it. */
    public Running start(String subcommand, String... args) {
        // The 2 s default connect timeout is too short for a JVM starting beside others on a busy 2-core machine.
        List<String> all = new ArrayList<>(List.of(subcommand, "--redis", redisUri, "--redis-timeout", "10s"));
        all.addAll(List.of(args));
        String name = "cli-" + subcommand + "-" + runs.incrementAndGet();
        Path stdout = dir.resolve(name + ".stdout");
        ChildProcess child = ChildProcess.start(name,
                JavaProgram.jar(Jars.sidecar(), JavaProgram.TEST_JVM_OPTIONS).command(all), stdout,
                dir.resolve(name + ".stderr"));
        owner.adopt(child);
        return new Running(child, stdout);
    }

    /** {@link #start} and {@link Running#finish}. */
    public Result run(Duration timeout, String subcommand, String... args) {
        return start(subcommand, args).finish(timeout);
    }

    /** A run under way. */
    public record Running(ChildProcess process, Path stdout) {
        /** Waits for its exit; fails when it has not exited within {@code timeout}. */
        public Result finish(Duration timeout) {
            int code = process.awaitExit(timeout);
            try {
                return new Result(code, Files.readAllLines(stdout), process.stderr());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A finished run.
     *
     * @param exitCode its exit code
     * @param lines    what it printed on stdout, one entry a line
     * @param stderr   what it printed on stderr
     */
    public record Result(int exitCode, List<String> lines, String stderr) {
        /** Each stdout line read as the JSON object {@code --json} prints. */
        public List<JsonNode> json() {
            List<JsonNode> objects = new ArrayList<>(lines.size());
            for (String line : lines) {
                try {
                    objects.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line + "\nstderr: " + stderr, e);
                }
            }
            return objects;
        }

        /** The one JSON object it printed; fails when it printed another number of lines. */
        public JsonNode single() {
            List<JsonNode> objects = json();
            if (objects.size() != 1) {
                throw new AssertionError("expected one JSON line, got " + lines + "\nstderr: " + stderr);
            }
            return objects.get(0);
        }
    }
}
