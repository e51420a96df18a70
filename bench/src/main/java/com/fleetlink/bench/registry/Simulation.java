package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetlink.testkit.ChildProcess;
import com.fleetlink.testkit.JavaProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the project's own device fleet, {@code ingestion.jar simulate … --json}, as a child
 * JVM; its last stdout line is the report (handshakesPerSecond, recordsPerSecond, ackP99Ms, wrongAcks…).
 */
final class Simulation {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Beyond {@code --duration}: JVM start, connecting, the simulator's own 5 s drain bound, and slack. */
    private static final Duration OVERHEAD = Duration.ofSeconds(60);
    private static final Duration CPU_SAMPLE = Duration.ofMillis(100);

    /**
     * What simulate is asked to do; {@code churn} devices per second reconnect with a new handshake;
     * {@code respond} is how long a device takes to answer a command ({@code null}: it never answers).
     */
    record Settings(int devices, int rate, int records, String codec, Duration duration, int churn, List<String> jvmOptions,
                    Duration respond) {
        /** Devices that never answer a command. */
        Settings(int devices, int rate, int records, String codec, Duration duration, int churn, List<String> jvmOptions) {
            this(devices, rate, records, codec, duration, churn, jvmOptions, null);
        }
    }

    private Simulation() {
    }

    /**
     * Starts the fleet against {@code port} without waiting for it, its output in {@code dir} as
     * {@code name.out} and {@code name.err}: for a run its caller stops once it has what it came for.
     */
    static ChildProcess start(Path jar, Path dir, String name, int port, Settings s) {
        List<String> args = new ArrayList<>(List.of("simulate", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--devices", Integer.toString(s.devices()), "--rate", Integer.toString(s.rate()),
                "--records", Integer.toString(s.records()), "--codec", s.codec(),
                "--duration", s.duration().toMillis() + "ms", "--churn", Integer.toString(s.churn()), "--json"));
        if (s.respond() != null) {
            args.add("--respond=" + s.respond().toMillis() + "ms");
        }
        return ChildProcess.start(name, JavaProgram.jar(jar, s.jvmOptions()).command(args), dir.resolve(name + ".out"),
                dir.resolve(name + ".err"));
    }

    private static double cpuSecondsOrZero(long pid) {
        try {
            return ProcFs.cpuSeconds(pid);
        } catch (BenchFailure e) {
            return 0;
        }
    }

    /**
     * Runs the fleet against {@code port} and returns its JSON report, with the simulator's own
     * CPU seconds added as {@code simulatorCpuSeconds} (to within the last 100 ms of its run).
     */
    static JsonNode run(Path jar, Path dir, String name, int port, Settings s) throws InterruptedException {
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        ChildProcess child = start(jar, dir, name, port, s);
        try {
            long deadline = System.nanoTime() + s.duration().plus(OVERHEAD).toNanos();
            double cpu = 0;
            Integer exit = null;
            // Sampled while it runs: once it has exited, /proc no longer has its CPU time.
            while (exit == null && System.nanoTime() - deadline < 0) {
                cpu = Math.max(cpu, cpuSecondsOrZero(child.pid()));
                exit = child.exitWithin(CPU_SAMPLE);
            }
            if (exit == null) {
                throw new BenchFailure(name + ": simulate did not finish in time; see " + stderr);
            }
            List<String> lines = Files.readAllLines(stdout);
            if (lines.isEmpty()) {
                throw new BenchFailure(name + ": simulate printed nothing (exit " + exit + "); see " + stderr);
            }
            ObjectNode report = (ObjectNode) JSON.readTree(lines.get(lines.size() - 1));
            report.put("simulatorCpuSeconds", Stats.round(cpu, 2));
            if (exit != 0 && report.path("wrongAcks").asLong() == 0) {
                throw new BenchFailure(name + ": simulate exited " + exit + "; see " + stderr);
            }
            return report;
        } catch (IOException e) {
            throw new BenchFailure(name + ": reading simulate's report failed: " + e, e);
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }
}
