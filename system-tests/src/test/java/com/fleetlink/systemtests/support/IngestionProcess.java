package com.fleetlink.systemtests.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar ingestion.jar run --port 0 …} as a child process, wired to a sidecar's socket. */
public final class IngestionProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\((?:epoll|nio)\\)");
    private static final Pattern METRICS = Pattern.compile("metrics on port (\\d+)");

    private final JavaChild child;
    private int port;
    private AdminEndpoint metrics;

    private IngestionProcess(JavaChild child) {
        this.child = child;
    }

    /** Launches it without waiting; telemetry goes to a file in {@code dir}. */
    static IngestionProcess launch(ChildProcesses children, String name, Path socket, Path dir) {
        List<String> args = List.of("run", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0",
                "--telemetry", dir.resolve(name + "-telemetry.jsonl").toString(),
                "--registry-socket", socket.toString());
        return new IngestionProcess(children.start(name, Jars.ingestion(), args, dir));
    }

    /** Waits until it listens and learns the device port and the metrics port from its log. */
    void awaitListening(Duration timeout) {
        Matcher m = child.awaitLog(LISTENING, timeout);
        port = Integer.parseInt(m.group(2));
        metrics = new AdminEndpoint(Integer.parseInt(child.awaitLog(METRICS, timeout).group(1)));
    }

    /** The device TCP port. */
    public int port() {
        return port;
    }

    /** The process. */
    public JavaChild process() {
        return child;
    }

    /** Its {@code /metrics}, {@code /livez} and {@code /readyz}. */
    public AdminEndpoint metrics() {
        return metrics;
    }
}
