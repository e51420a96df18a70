package com.fleetlink.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One instance as it is deployed: a registry sidecar and an ingestion sharing a Unix socket, like
 * the two containers of a pod sharing an {@code emptyDir}. Either process can be killed and started
 * again on the same socket (and the ingestion on the same port when it has a fixed one).
 */
public final class Pod implements AutoCloseable {
    private final String id;
    private final boolean metrics;
    private final Duration startTimeout;
    private final SidecarProcess.Builder sidecarLaunch;
    private final IngestionProcess.Builder ingestionLaunch;
    private final long launchedAt = System.nanoTime();
    private volatile SidecarProcess sidecar;
    private volatile IngestionProcess ingestion;

    private Pod(Builder b) {
        this.id = b.id;
        this.metrics = b.metrics;
        this.startTimeout = b.startTimeout;
        Path socket = b.dir.resolve(b.id + ".sock");
        sidecarLaunch = SidecarProcess.builder(b.sidecar, b.dir, b.id, socket, b.redisUri).args(b.sidecarFlags)
                .owner(b.owner);
        ingestionLaunch = IngestionProcess.builder(b.ingestion, b.dir).name("ingestion-" + b.id).port(b.ingestionPort)
                .registrySocket(socket).args(b.ingestionFlags).owner(b.owner);
        if (b.telemetry != null) {
            ingestionLaunch.telemetry(b.telemetry);
        }
        if (b.telemetryTarget != null) {
            ingestionLaunch.telemetryTarget(b.telemetryTarget);
        }
        if (metrics) {
            sidecarLaunch.metrics();
            ingestionLaunch.metrics();
        }
    }

    /**
     * A pod named {@code id} whose files (socket, logs, event log, telemetry) go to {@code dir}, its
     * sidecar writing to the Redis at {@code redisUri}.
     */
    public static Builder builder(String id, Path dir, String redisUri, JavaProgram sidecar, JavaProgram ingestion) {
        return new Builder(id, dir, redisUri, sidecar, ingestion);
    }

    /**
     * Returns when the ingestion listens and its session is attached to the sidecar, and, when the
     * pod serves metrics, a ping/pong round trip has completed on it.
     */
    public Pod awaitReady() {
        sidecar.awaitStarted(startTimeout);
        ingestion.awaitListening(startTimeout);
        awaitAttached();
        System.out.printf("pod %s ready %d ms after launch%n", id, (System.nanoTime() - launchedAt) / 1_000_000);
        return this;
    }

    private void awaitAttached() {
        sidecar.awaitAttached(ingestion.pid(), 1, startTimeout);
        if (metrics) {
            sidecar.awaitPongOnCurrentSession(startTimeout);
        }
    }

    /** Starts a new sidecar on the same socket after the old one died, and waits until the running ingestion is attached to it. */
    public void restartSidecar() {
        if (sidecar.process().isAlive()) {
            throw new IllegalStateException("the old sidecar of " + id + " is still running");
        }
        sidecar = sidecarLaunch.launch();
        sidecar.awaitStarted(startTimeout);
        awaitAttached();
    }

    /** Starts a new ingestion after the old one died, and waits until it listens and is attached to the sidecar. */
    public void restartIngestion() {
        if (ingestion.process().isAlive()) {
            throw new IllegalStateException("the old ingestion of " + id + " is still running");
        }
        ingestion = ingestionLaunch.launch();
        ingestion.awaitListening(startTimeout);
        awaitAttached();
    }

    /** The instance id both processes serve. */
    public String id() {
        return id;
    }

    /** The device port. */
    public int port() {
        return ingestion.port();
    }

    /** The sidecar running now. */
    public SidecarProcess sidecar() {
        return sidecar;
    }

    /** The ingestion running now. */
    public IngestionProcess ingestion() {
        return ingestion;
    }

    /** Kills both processes. */
    @Override
    public void close() {
        ingestion.close();
        sidecar.close();
    }

    @Override
    public String toString() {
        return "pod " + id;
    }

    /** What the pod runs: both programs, each one's flags, and the ingestion's port and telemetry file. */
    public static final class Builder {
        private final String id;
        private final Path dir;
        private final String redisUri;
        private final JavaProgram sidecar;
        private final JavaProgram ingestion;
        private List<String> sidecarFlags = List.of();
        private List<String> ingestionFlags = List.of();
        private int ingestionPort;
        private Path telemetry;
        private String telemetryTarget;
        private boolean metrics;
        private Duration startTimeout = DaemonProcess.START_TIMEOUT;
        private ProcessOwner owner = ProcessOwner.NONE;

        private Builder(String id, Path dir, String redisUri, JavaProgram sidecar, JavaProgram ingestion) {
            this.id = id;
            this.dir = dir;
            this.redisUri = redisUri;
            this.sidecar = sidecar;
            this.ingestion = ingestion;
        }

        /** More {@code registry-sidecar run} flags, e.g. {@code --grace 1000ms}; default none. */
        public Builder sidecarFlags(List<String> flags) {
            sidecarFlags = List.copyOf(flags);
            return this;
        }

        /** More {@code ingestion run} flags, e.g. {@code --drain-duration 2s}; default none. */
        public Builder ingestionFlags(List<String> flags) {
            ingestionFlags = List.copyOf(flags);
            return this;
        }

        /** The device port, kept across ingestion restarts; default 0, a free port the server picks. */
        public Builder ingestionPort(int port) {
            ingestionPort = port;
            return this;
        }

        /** The ingestion's telemetry file, appended to across restarts; default {@code ingestion-ID-telemetry.jsonl} in the directory. */
        public Builder telemetry(Path file) {
            telemetry = file;
            return this;
        }

        /** The ingestion's {@code --telemetry} value itself, e.g. {@code kafka://HOST:PORT/TOPIC}; replaces the file. */
        public Builder telemetryTarget(String target) {
            telemetryTarget = target;
            return this;
        }

        /** Both processes serve metrics and probes on free ports; default off. */
        public Builder metrics() {
            metrics = true;
            return this;
        }

        /** How long each process may take to get ready, at start and restart; default {@link DaemonProcess#START_TIMEOUT}. */
        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /** Told of every process the pod starts, restarts included; default {@link ProcessOwner#NONE}. */
        public Builder owner(ProcessOwner newOwner) {
            owner = newOwner;
            return this;
        }

        /**
         * Starts both processes at once, as compose does (the ingestion retries until the socket
         * exists), without waiting for them: several pods can then start side by side.
         */
        public Pod launch() {
            Pod pod = new Pod(this);
            pod.sidecar = pod.sidecarLaunch.launch();
            pod.ingestion = pod.ingestionLaunch.launch();
            return pod;
        }

        /** {@link #launch()} and {@link Pod#awaitReady()}; kills both when the pod does not get ready. */
        public Pod start() {
            Pod pod = launch();
            try {
                return pod.awaitReady();
            } catch (RuntimeException | AssertionError e) {
                pod.close();
                throw e;
            }
        }
    }
}
