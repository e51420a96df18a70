package com.fleetlink.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fleetlink.bench.registry.BenchFailure;
import com.fleetlink.bench.registry.IngestionProcess;
import com.fleetlink.bench.registry.Jars;
import com.fleetlink.bench.registry.RedisServer;
import com.fleetlink.bench.registry.SidecarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One instance: the real sidecar and ingestion jars sharing a Unix socket in the instance's own
 * directory, the ingestion on a fixed port (so a restarted one is where its devices look for it)
 * appending its telemetry to one file across restarts.
 */
final class Pod implements AutoCloseable {
    private final String id;
    private final Path dir;
    private final Jars jars;
    private final RedisServer redis;
    private final List<String> jvmOptions;
    private final List<String> sidecarArgs;
    private final int port;
    private volatile SidecarProcess sidecar;
    private volatile IngestionProcess ingestion;

    private Pod(String id, Path dir, Jars jars, RedisServer redis, List<String> jvmOptions, List<String> sidecarArgs) {
        this.id = id;
        this.dir = dir;
        this.jars = jars;
        this.redis = redis;
        this.jvmOptions = jvmOptions;
        this.sidecarArgs = sidecarArgs;
        this.port = RedisServer.freePort();
    }

    /** Starts the sidecar, then the ingestion attached to it. */
    static Pod start(String id, Path runDir, Jars jars, RedisServer redis, List<String> jvmOptions, List<String> sidecarArgs) {
        Path dir = runDir.resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pod pod = new Pod(id, dir, jars, redis, jvmOptions, sidecarArgs);
        pod.startSidecar();
        pod.startIngestion();
        return pod;
    }

    String id() {
        return id;
    }

    int port() {
        return port;
    }

    Path telemetry() {
        return dir.resolve("telemetry.jsonl");
    }

    long sidecarPid() {
        return sidecar.pid();
    }

    long ingestionPid() {
        return ingestion.pid();
    }

    /** SIGKILL to the sidecar. */
    void killSidecar() {
        sidecar.process().kill();
    }

    /** SIGTERM to the sidecar; returns its exit code, or fails if it did not exit within {@code grace}. */
    int terminateSidecar(Duration grace) throws InterruptedException {
        sidecar.process().stop(grace);
        Integer exit = sidecar.process().awaitExit(Duration.ZERO);
        if (exit == null) {
            throw new BenchFailure(id + ": the sidecar did not exit after SIGTERM");
        }
        return exit;
    }

    void startSidecar() {
        sidecar = SidecarProcess.start(jars.sidecar(), dir, id, redis, jvmOptions, sidecarArgs);
    }

    /** SIGKILL to the ingestion: its device sockets are reset by the kernel. */
    void killIngestion() {
        ingestion.process().kill();
    }

    void startIngestion() {
        ingestion = IngestionProcess.start(jars.ingestion(), dir, "ingestion", sidecar.socket(), jvmOptions, port, telemetry());
    }

    /** Both processes run, the sidecar is connected to Redis and has the ingestion attached. */
    boolean healthy() {
        if (!sidecar.process().isAlive() || !ingestion.process().isAlive()) {
            return false;
        }
        try {
            JsonNode status = sidecar.status();
            return status.path("redis").path("connected").asBoolean() && status.path("ingestion").path("attached").asBoolean();
        } catch (BenchFailure e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ingestion != null) {
            ingestion.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Override
    public String toString() {
        return "instance " + id;
    }
}
