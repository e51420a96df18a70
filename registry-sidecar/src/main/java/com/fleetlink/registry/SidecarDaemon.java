package com.fleetlink.registry;

import com.fleetlink.protocol.http.MetricsHttpServer;
import com.fleetlink.protocol.metrics.BuildInfo;
import com.fleetlink.protocol.metrics.ProcessMetrics;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.command.RedisCommandStore;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.NettyCoreLoop;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.Janitor;
import com.fleetlink.registry.janitor.JanitorMetrics;
import com.fleetlink.registry.janitor.JanitorOptions;
import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.redis.ConnectionRegistry;
import com.fleetlink.registry.redis.RedisConnector;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.socket.LocalSocketServer;
import com.fleetlink.registry.socket.LocalSocketSettings;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: one event loop thread for the socket and the core, Lettuce for Redis, and
 * the metrics endpoint. {@link #stop(Duration)} follows invariant 8.
 */
public final class SidecarDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SidecarDaemon.class);
    private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How long {@link #stop(Duration)} waits for Redis to confirm the release, after the ingestion
     * wait: part of the pod's termination grace period (the deploy manifests add it up).
     */
    public static final Duration SHUTDOWN_RELEASE_TIMEOUT = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    private final SidecarCore core;
    private final Janitor janitor;
    private final RedisConnector redis;
    private final LocalSocketServer socket;
    private final MetricsHttpServer http;
    private final SidecarMetrics metrics;
    private final WakeHints wakeHints;

    private SidecarDaemon(EventLoopGroup group, SidecarCore core, Janitor janitor, RedisConnector redis, LocalSocketServer socket,
                          MetricsHttpServer http, SidecarMetrics metrics, WakeHints wakeHints) {
        this.group = group;
        this.core = core;
        this.janitor = janitor;
        this.redis = redis;
        this.socket = socket;
        this.http = http;
        this.metrics = metrics;
        this.wakeHints = wakeHints;
    }

    /**
     * Starts everything: the socket first (so a second daemon is refused before touching Redis), then
     * the core's timers and the Redis connection, which comes up in the background.
     *
     * @param metricsPort {@code null} for no endpoint, {@code 0} for any free port
     */
    public static SidecarDaemon start(SidecarOptions options, CommandDispatchOptions commandOptions, JanitorOptions janitorOptions,
                                      RedisSettings redisSettings, LocalSocketSettings socketSettings, Integer metricsPort,
                                      Journal journal, StatusReport.EventLogStatus eventLog)
            throws IOException, InterruptedException {
        janitorOptions.checkAgainst(options);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventExecutor loop = group.next();
        PrometheusRegistry registry = new PrometheusRegistry();
        SidecarMetrics metrics = new SidecarMetrics(registry);
        ProcessMetrics.register(registry, BuildInfo.current());
        metrics.eventLogCounters(eventLog::droppedCount, eventLog::writeErrorCount);
        ObjLongConsumer<String> scriptLatency = metrics.scriptLatency(ConnectionRegistry.SCRIPT_OPERATIONS);
        SidecarCore core = new SidecarCore(new NettyCoreLoop(loop), options, commandOptions, metrics, journal);
        WakeHints wakeHints = new WakeHints(options.instanceId(), core::wake);
        Janitor janitor = new Janitor(core.loop(), core.link(), core.deaths(), journal, new JanitorMetrics(registry),
                janitorOptions, options.instanceId(), options.heartbeatTtl(), options.scanPagePause(),
                () -> core.heartbeat().isActive() && core.heartbeat().lastSuccessMillis() > 0);
        RedisConnector[] connector = new RedisConnector[1];
        RedisConnector redis = new RedisConnector(redisSettings, loop, new RedisConnector.Listener() {
            @Override
            public void connected(RedisClusterAsyncCommands<String, String> commands) {
                // Pipelined ahead of every script call on this connection: a NOSCRIPT fallback resends after
                // its answer and could land behind later commands. A failed load leaves that fallback.
                ConnectionRegistry.cacheScripts(commands);
                if (commandOptions.enabled()) {
                    RedisCommandStore.cacheScripts(commands);
                }
                core.redisConnected(new ConnectionRegistry(commands, options.instanceId(), options.freshness(), scriptLatency),
                        new RedisCommandStore(commands, commandOptions.store()));
                if (commandOptions.enabled()) {
                    wakeHints.connected(connector[0]);
                }
            }

            @Override
            public void disconnected() {
                core.redisDisconnected();
            }
        });
        // The listener runs only after start(), by which time the connector is set.
        connector[0] = redis;
        StatusReport status = new StatusReport(core, janitor, redis, eventLog);
        FlushOperation flush = new FlushOperation(core, 10_000);
        LocalSocketServer socket;
        try {
            socket = LocalSocketServer.bind(socketSettings, group, core, status, flush, metrics);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        metrics.stateGauges(() -> core.held().size(), () -> core.writer().pending(), () -> {
            long last = core.heartbeat().lastSuccessMillis();
            return last == 0 ? -1 : (System.currentTimeMillis() - last) / 1000.0;
        });
        core.start();
        janitor.start();
        redis.start();
        MetricsHttpServer http = null;
        if (metricsPort != null) {
            http = MetricsHttpServer.start("0.0.0.0", metricsPort, registry,
                    () -> loopResponds(loop), socket::isOpen);
            log.info("metrics on port {}", http.port());
        }
        log.info("registry sidecar {} started", options.instanceId());
        return new SidecarDaemon(group, core, janitor, redis, socket, http, metrics, wakeHints);
    }

    private static boolean loopResponds(EventExecutor loop) {
        return loop.submit(() -> { }).awaitUninterruptibly(LIVENESS_TIMEOUT.toMillis());
    }

    /** The core, for tests and status. */
    public SidecarCore core() {
        return core;
    }

    /** The janitor. */
    public Janitor janitor() {
        return janitor;
    }

    /** The metrics port actually bound, or -1. */
    public int metricsPort() {
        return http == null ? -1 : http.port();
    }

    /** The Prometheus metrics. */
    public SidecarMetrics metrics() {
        return metrics;
    }

    /**
     * SIGTERM: waits up to {@code ingestionWait} for the ingestion's shutdown or disconnect, then
     * releases everything and deletes the heartbeat unless an ingestion is still attached.
     */
    public void stop(Duration ingestionWait) {
        try {
            core.stop(ingestionWait).toCompletableFuture()
                    .get(ingestionWait.plus(SHUTDOWN_RELEASE_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("release at shutdown did not finish: {}", e.toString());
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.warn("closing the socket: {}", e.toString());
        }
        if (http != null) {
            http.close();
        }
        wakeHints.close();
        redis.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
