package com.fleetlink.systemtests.support;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One instance as it is deployed: a registry sidecar and an ingestion sharing a Unix socket, like
 * the two containers of a pod sharing an {@code emptyDir}.
 */
public final class Pod {
    /** JVM start on a 2-core CI runner shared with the build can take several seconds. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcesses children;
    private final PodSettings settings;
    private final String redisUri;
    private final Path dir;
    private final Path socket;
    private SidecarProcess sidecar;
    private final IngestionProcess ingestion;
    private final long launchedAt = System.nanoTime();

    private Pod(ChildProcesses children, PodSettings settings, String redisUri, Path dir, Path socket,
                SidecarProcess sidecar, IngestionProcess ingestion) {
        this.children = children;
        this.settings = settings;
        this.redisUri = redisUri;
        this.dir = dir;
        this.socket = socket;
        this.sidecar = sidecar;
        this.ingestion = ingestion;
    }

    /** {@link #launch} and {@link #awaitReady} in one. */
    public static Pod start(ChildProcesses children, PodSettings settings, String redisUri, Path dir) {
        Pod pod = launch(children, settings, redisUri, dir);
        pod.awaitReady();
        return pod;
    }

    /**
     * Starts both processes at once, as compose does (the ingestion retries until the socket
     * exists), without waiting for them: several pods can then start side by side.
     */
    public static Pod launch(ChildProcesses children, PodSettings settings, String redisUri, Path dir) {
        Path socket = dir.resolve(settings.instanceId() + ".sock");
        SidecarProcess sidecar = SidecarProcess.launch(children, settings, socket, redisUri, dir);
        IngestionProcess ingestion = IngestionProcess.launch(children, "ingestion-" + settings.instanceId(), socket, dir);
        return new Pod(children, settings, redisUri, dir, socket, sidecar, ingestion);
    }

    /**
     * Returns when the ingestion listens, its session is attached to the sidecar and a ping/pong
     * round trip has completed on it.
     */
    public Pod awaitReady() {
        sidecar.awaitStarted(START_TIMEOUT);
        ingestion.awaitListening(START_TIMEOUT);
        sidecar.awaitAttached(ingestion.process().pid(), 1, START_TIMEOUT);
        sidecar.awaitPongOnCurrentSession(START_TIMEOUT);
        System.out.printf("pod %s ready %d ms after launch%n", id(), (System.nanoTime() - launchedAt) / 1_000_000);
        return this;
    }

    /**
     * Starts a new sidecar on the same socket after the old one died, and waits until the running
     * ingestion has reconnected to it.
     */
    public void restartSidecar() {
        if (sidecar.process().isAlive()) {
            throw new IllegalStateException("the old sidecar is still running");
        }
        sidecar = SidecarProcess.launch(children, settings, socket, redisUri, dir);
        sidecar.awaitStarted(START_TIMEOUT);
        sidecar.awaitAttached(ingestion.process().pid(), 1, START_TIMEOUT);
        sidecar.awaitPongOnCurrentSession(START_TIMEOUT);
    }

    /** The instance id both processes serve. */
    public String id() {
        return settings.instanceId();
    }

    /** The device port. */
    public int port() {
        return ingestion.port();
    }

    public SidecarProcess sidecar() {
        return sidecar;
    }

    public IngestionProcess ingestion() {
        return ingestion;
    }

    public PodSettings settings() {
        return settings;
    }

    /** The log tails of every process the test started, for failure messages. */
    public String logs() {
        return children.tails();
    }
}
