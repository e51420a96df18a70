package com.fleetlink.systemtests.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code java -jar registry-sidecar.jar run …} as a child process. */
public final class SidecarProcess {
    private static final Pattern METRICS = Pattern.compile("metrics on port (\\d+)");
    private static final String SESSIONS = "teltonika_registry_ingestion_sessions_total";
    private static final String PONGS = "teltonika_registry_events_total{type=\"pong\"}";

    private final JavaChild child;
    private final String instanceId;
    private AdminEndpoint metrics;

    private SidecarProcess(JavaChild child, String instanceId) {
        this.child = child;
        this.instanceId = instanceId;
    }

    /** Launches it without waiting; {@link #awaitStarted} waits. */
    static SidecarProcess launch(ChildProcesses children, PodSettings settings, Path socket, String redisUri, Path dir) {
        List<String> args = new ArrayList<>(List.of("run", "--socket", socket.toString(), "--redis", redisUri,
                "--event-log", dir.resolve("event-log-" + settings.instanceId()).toString(), "--metrics-port", "0"));
        args.addAll(settings.sidecarFlags());
        JavaChild child = children.start("sidecar-" + settings.instanceId(), Jars.sidecar(), args, dir);
        return new SidecarProcess(child, settings.instanceId());
    }

    /** Waits for its "started" line, which it logs once its socket listens, and learns its metrics port. */
    void awaitStarted(Duration timeout) {
        child.awaitLog(Pattern.compile("registry sidecar " + Pattern.quote(instanceId) + " started"), timeout);
        metrics = new AdminEndpoint(Integer.parseInt(child.awaitLog(METRICS, timeout).group(1)));
    }

    /** Waits until the {@code occurrence}-th ingestion session attached, from the process {@code pid}. */
    void awaitAttached(long pid, int occurrence, Duration timeout) {
        child.awaitLog(Pattern.compile("ingestion attached \\(boot \\S+, pid " + pid + "\\)"), occurrence, timeout);
    }

    /**
     * Waits until a ping/pong round trip has completed on the ingestion session attached now: the
     * pong count rose between two reads that saw the same number of sessions. Only then are the
     * sidecar's ping ticks known to be on schedule (see {@code ProcessFailureIT} on what a burst of
     * late ticks does to a session just attached).
     */
    void awaitPongOnCurrentSession(Duration timeout) {
        double[] seen = {-1, -1};
        Waits.until(timeout, name() + " received a pong on its current ingestion session", () -> {
            double sessions = metrics.value(SESSIONS);
            double pongs = metrics.value(PONGS);
            boolean settled = sessions == seen[0] && pongs > seen[1] && seen[1] >= 0;
            if (sessions != seen[0] || seen[1] < 0) {
                seen[0] = sessions;
                seen[1] = pongs;
            }
            return settled;
        }, child::tail);
    }

    private String name() {
        return child.name();
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
