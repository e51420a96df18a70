package com.fleetlink.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ingestion's {@code run} on loopback as a child process, from its jar or a class path. It learns
 * the device port (and the metrics port) from the server's own log lines, so the server may pick a
 * free port itself.
 */
public final class IngestionProcess extends DaemonProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\((?:epoll|nio)\\)");

    private final Path telemetry;
    private volatile int port;

    private IngestionProcess(ChildProcess process, Path telemetry, boolean metricsServed) {
        super(process, metricsServed);
        this.telemetry = telemetry;
    }

    /** A launch of {@code program} whose logs (and, unless told otherwise, telemetry) go to {@code logDir}. */
    public static Builder builder(JavaProgram program, Path logDir) {
        return new Builder(program, logDir);
    }

    /** Waits until it listens and learns the device port, and the metrics port when it serves them. */
    public IngestionProcess awaitListening(Duration timeout) {
        port = Integer.parseInt(process().awaitLog(LISTENING, timeout).group(2));
        awaitMetricsPort(timeout);
        return this;
    }

    /** The device TCP port, once {@link #awaitListening} has seen it. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException(process().name() + " has not been seen listening yet");
        }
        return port;
    }

    /** The JSON Lines file it writes the telemetry to; null when its telemetry goes elsewhere ({@link Builder#telemetryTarget}). */
    public Path telemetry() {
        if (telemetry == null) {
            throw new IllegalStateException(process().name() + " writes its telemetry to Kafka, not to a file");
        }
        return telemetry;
    }

    @Override
    public String toString() {
        return "ingestion " + process();
    }

    /** What to start: {@code run --host 127.0.0.1 --port P --telemetry FILE} and the options set here. */
    public static final class Builder extends DaemonLaunch<Builder, IngestionProcess> {
        private int port;
        private Path telemetry;
        private String telemetryTarget;
        private Path registrySocket;

        private Builder(JavaProgram program, Path logDir) {
            super(program, logDir, "ingestion");
        }

        @Override
        Builder self() {
            return this;
        }

        /** The device port; default 0, a free port the server picks. */
        public Builder port(int newPort) {
            port = newPort;
            return this;
        }

        /** The telemetry file; default {@code NAME-telemetry.jsonl} in the log directory. */
        public Builder telemetry(Path file) {
            telemetry = file;
            return this;
        }

        /** A {@code --telemetry} value that is not a file, e.g. {@code kafka://HOST:PORT/TOPIC}; default none, a file. */
        public Builder telemetryTarget(String target) {
            telemetryTarget = target;
            return this;
        }

        /** The sidecar socket to report to; default none, the ingestion runs alone. */
        public Builder registrySocket(Path socket) {
            registrySocket = socket;
            return this;
        }

        @Override
        public IngestionProcess launch() {
            Path file = null;
            String target = telemetryTarget;
            if (target == null) {
                file = telemetry != null ? telemetry : logDir().resolve(name() + "-telemetry.jsonl");
                target = file.toString();
            }
            List<String> run = new ArrayList<>(List.of("run", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--telemetry", target));
            if (registrySocket != null) {
                run.addAll(List.of("--registry-socket", registrySocket.toString()));
            }
            return new IngestionProcess(startChild(run), file, servesMetrics());
        }

        @Override
        void awaitReady(IngestionProcess server) {
            server.awaitListening(START_TIMEOUT);
        }
    }
}
