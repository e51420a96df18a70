package com.fleetlink.registry.testkit;

import com.fleetlink.registry.EventLogJournal;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.JanitorOptions;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.socket.LocalSocketSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a real {@link SidecarDaemon} the way {@code run} does, with short intervals so tests see
 * heartbeats, pings and grace periods within seconds.
 */
public final class SidecarHarness {
    /** Heartbeat every 300 ms with a 2 s TTL. */
    public static final Duration HEARTBEAT = Duration.ofMillis(300);
    public static final Duration TTL = Duration.ofSeconds(2);
    public static final Duration GRACE = Duration.ofMillis(800);
    public static final Duration PING = Duration.ofMillis(200);
    public static final Duration RECONCILE = Duration.ofSeconds(1);

    private SidecarHarness() {
    }

    /** The short-interval options for {@code instanceId}. */
    public static SidecarOptions options(String instanceId) {
        return new SidecarOptions(instanceId, HEARTBEAT, TTL, GRACE, SidecarOptions.DEFAULT_FRESHNESS,
                RECONCILE, PING, Duration.ofMillis(1));
    }

    /** Starts a daemon on {@code socket} against a standalone Redis at {@code redisUri}, metrics on a free port. */
    public static SidecarDaemon start(SidecarOptions options, String redisUri, Path socket) throws Exception {
        return start(options, redisUri, false, socket);
    }

    /** Starts a daemon on {@code socket} against a standalone Redis, recording its event log in {@code eventLog}. */
    public static SidecarDaemon start(SidecarOptions options, String redisUri, Path socket, EventLogJournal eventLog)
            throws Exception {
        return SidecarDaemon.start(options, CommandDispatchOptions.defaults(), JanitorOptions.OFF, redisSettings(redisUri, false),
                LocalSocketSettings.defaults(socket), 0, eventLog, eventLog);
    }

    /** Starts a daemon on {@code socket} against {@code redisUri}, as a cluster client when {@code cluster}. */
    public static SidecarDaemon start(SidecarOptions options, String redisUri, boolean cluster, Path socket) throws Exception {
        return start(options, redisSettings(redisUri, cluster), LocalSocketSettings.defaults(socket));
    }

    /** The short-timeout Redis settings the harness uses for {@code redisUri}. */
    public static RedisSettings redisSettings(String redisUri, boolean cluster) {
        return new RedisSettings(redisUri, cluster, Duration.ofMillis(500), Duration.ofMillis(200));
    }

    /** Starts a daemon with the given Redis and socket settings, metrics on a free port. */
    public static SidecarDaemon start(SidecarOptions options, RedisSettings redis, LocalSocketSettings socket) throws Exception {
        return start(options, redis, socket, Journal.NONE);
    }

    /** Starts a daemon on {@code socket} against a standalone Redis at {@code redisUri}, telling {@code journal} what it does. */
    public static SidecarDaemon start(SidecarOptions options, String redisUri, Path socket, Journal journal) throws Exception {
        return start(options, redisSettings(redisUri, false), LocalSocketSettings.defaults(socket), journal);
    }

    private static SidecarDaemon start(SidecarOptions options, RedisSettings redis, LocalSocketSettings socket, Journal journal)
            throws Exception {
        return start(options, JanitorOptions.OFF, redis, socket, journal);
    }

    /** Starts a daemon with a janitor (the other starts leave it off), telling {@code journal} what it does. */
    public static SidecarDaemon start(SidecarOptions options, JanitorOptions janitor, RedisSettings redis,
                                      LocalSocketSettings socket, Journal journal) throws Exception {
        return start(options, CommandDispatchOptions.defaults(), janitor, redis, socket, journal);
    }

    /** Starts a daemon with the given command options against a standalone Redis at {@code redisUri}. */
    public static SidecarDaemon start(SidecarOptions options, CommandDispatchOptions commands, String redisUri, Path socket)
            throws Exception {
        return start(options, commands, JanitorOptions.OFF, redisSettings(redisUri, false), LocalSocketSettings.defaults(socket),
                Journal.NONE);
    }

    private static SidecarDaemon start(SidecarOptions options, CommandDispatchOptions commands, JanitorOptions janitor,
                                       RedisSettings redis, LocalSocketSettings socket, Journal journal) throws Exception {
        return SidecarDaemon.start(options, commands, janitor, redis, socket, 0, journal, new StatusReport.EventLogStatus() {
            @Override
            public String path() {
                return "-";
            }

            @Override
            public long totalBytes() {
                return 0;
            }

            @Override
            public long droppedCount() {
                return 0;
            }

            @Override
            public long writeErrorCount() {
                return 0;
            }
        });
    }
}
