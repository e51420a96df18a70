package com.fleetlink.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The registry sidecar's {@code run} as a child process, from its jar or a class path: its socket,
 * what its log says (started, ingestion attached), its status on the socket and, when it serves
 * them, its metrics.
 */
public final class SidecarProcess extends DaemonProcess {
    /** A status reply waits for at most one Redis probe, which has its own short timeout. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_POLL = Duration.ofMillis(10);
    private static final String SESSIONS = "teltonika_registry_ingestion_sessions_total";
    private static final String PONGS = "teltonika_registry_lines_received_total{type=\"pong\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instanceId;
    private final Path socket;

    private SidecarProcess(ChildProcess process, String instanceId, Path socket, boolean metricsServed) {
        super(process, metricsServed);
        this.instanceId = instanceId;
        this.socket = socket;
    }

    /**
     * A launch of {@code program} as {@code run --socket SOCKET --redis URI --instance-id ID}, its
     * logs (and, unless told otherwise, its event log) in {@code logDir}.
     */
    public static Builder builder(JavaProgram program, Path logDir, String instanceId, Path socket, String redisUri) {
        return new Builder(program, logDir, instanceId, socket, redisUri);
    }

    /** Waits for its "started" line, which it logs once its socket listens, and learns its metrics port. */
    public SidecarProcess awaitStarted(Duration timeout) {
        process().awaitLog(Pattern.compile("registry sidecar " + Pattern.quote(instanceId) + " started"), timeout);
        awaitMetricsPort(timeout);
        return this;
    }

    /** Waits until the {@code occurrence}-th ingestion session has attached from the process {@code pid}. */
    public void awaitAttached(long pid, int occurrence, Duration timeout) {
        process().awaitLog(Pattern.compile("ingestion attached \\(boot \\S+, pid " + pid + "\\)"), occurrence, timeout);
    }

    /**
     * Waits until a ping/pong round trip has completed on the ingestion session attached now: the
     * pong count rose between two scrapes that saw the same number of sessions. Only then are its
     * ping ticks known to be on schedule; a burst of late ticks can drop a session just attached.
     */
    public void awaitPongOnCurrentSession(Duration timeout) {
        AdminEndpoint endpoint = metrics();
        double[] seen = {-1, -1};
        long settled = Poll.untilOrTimeout(timeout, STATUS_POLL, () -> {
            double sessions = endpoint.value(SESSIONS);
            double pongs = endpoint.value(PONGS);
            boolean same = sessions == seen[0] && pongs > seen[1] && seen[1] >= 0;
            if (sessions != seen[0] || seen[1] < 0) {
                seen[0] = sessions;
                seen[1] = pongs;
            }
            return same;
        });
        if (settled == Poll.TIMED_OUT) {
            throw new AssertionError(process().name() + " received no pong on its current ingestion session within "
                    + timeout.toMillis() + " ms\n" + process().tail());
        }
    }

    /** Waits until its status says Redis is connected; a socket that refuses (not up yet) counts as not yet. */
    public void awaitRedisConnected(Duration timeout) {
        Poll.until(timeout, STATUS_POLL, process().name() + " to listen and connect to Redis", () -> {
            if (!process().isAlive()) {
                throw new AssertionError(process().name() + " exited\n" + process().tail());
            }
            try {
                return status().path("redis").path("connected").asBoolean();
            } catch (UncheckedIOException e) {
                // After a SIGKILL the old socket file stays until the new daemon replaces it.
                return false;
            }
        });
    }

    /** Waits until its writer has nothing waiting or in flight (status {@code pending == 0}); returns that status. */
    public JsonNode awaitIdle(Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Poll.until(timeout, STATUS_POLL, process().name() + "'s pending work to reach 0",
                () -> (last[0] = status()).path("pending").asInt(-1) == 0);
        return last[0];
    }

    /**
     * Its {@code status} reply: held, pending, redis.connected, ingestion.attached…
     *
     * @throws UncheckedIOException when its socket refuses the connection
     */
    public JsonNode status() {
        String reply = ControlClient.request(socket, "status", STATUS_TIMEOUT);
        try {
            return JSON.readTree(reply);
        } catch (IOException e) {
            throw new UncheckedIOException("status reply is not JSON: " + reply, e);
        }
    }

    /** The Unix socket it listens on. */
    public Path socket() {
        return socket;
    }

    /** The instance id it writes into the registry. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public String toString() {
        return "registry-sidecar " + process();
    }

    /** What to start; may launch again for a restart on the same socket. */
    public static final class Builder extends DaemonLaunch<Builder, SidecarProcess> {
        private final String instanceId;
        private final Path socket;
        private final String redisUri;
        private Path eventLog;

        private Builder(JavaProgram program, Path logDir, String instanceId, Path socket, String redisUri) {
            super(program, logDir, "sidecar-" + instanceId);
            this.instanceId = instanceId;
            this.socket = socket;
            this.redisUri = redisUri;
        }

        @Override
        Builder self() {
            return this;
        }

        /** The event log directory; default {@code event-log-ID} in the log directory. */
        public Builder eventLog(Path dir) {
            eventLog = dir;
            return this;
        }

        @Override
        public SidecarProcess launch() {
            Path events = eventLog != null ? eventLog : logDir().resolve("event-log-" + instanceId);
            List<String> run = List.of("run", "--socket", socket.toString(), "--redis", redisUri,
                    "--instance-id", instanceId, "--event-log", events.toString());
            return new SidecarProcess(startChild(run), instanceId, socket, servesMetrics());
        }

        @Override
        void awaitReady(SidecarProcess sidecar) {
            sidecar.awaitStarted(START_TIMEOUT);
        }
    }
}
