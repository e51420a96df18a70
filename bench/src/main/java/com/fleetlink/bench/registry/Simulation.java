package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run of the project's own device fleet, {@code ingestion.jar simulate … --json}, as a child
 * JVM; its last stdout line is the report (handshakesPerSecond, recordsPerSecond, ackP99Ms, wrongAcks…).
 */
final class Simulation {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Beyond {@code --duration}: JVM start, connecting, the simulator's own 5 s drain bound, and slack. */
    private static final Duration OVERHEAD = Duration.ofSeconds(60);

    /** What simulate is asked to do; {@code churn} devices per second reconnect with a new handshake. */
    record Settings(int devices, int rate, int records, String codec, Duration duration, int churn, List<String> jvmOptions) {
    }

    private Simulation() {
    }

    /** Runs the fleet against {@code port} and returns its JSON report. */
    static JsonNode run(Path jar, Path dir, String name, int port, Settings s) throws InterruptedException {
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        List<String> args = List.of("simulate", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--devices", Integer.toString(s.devices()), "--rate", Integer.toString(s.rate()),
                "--records", Integer.toString(s.records()), "--codec", s.codec(),
                "--duration", s.duration().toMillis() + "ms", "--churn", Integer.toString(s.churn()), "--json");
        ChildProcess child = ChildProcess.start(name, Jars.javaCommand(s.jvmOptions(), jar, args), stdout, stderr);
        try {
            Integer exit = child.awaitExit(s.duration().plus(OVERHEAD));
            if (exit == null) {
                throw new BenchFailure(name + ": simulate did not finish in time; see " + stderr);
            }
            List<String> lines = Files.readAllLines(stdout);
            if (lines.isEmpty()) {
                throw new BenchFailure(name + ": simulate printed nothing (exit " + exit + "); see " + stderr);
            }
            JsonNode report = JSON.readTree(lines.get(lines.size() - 1));
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
