package com.fleetlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Sentinel deployment on loopback: a master, one replica of it and three sentinels with a
 * quorum of two, all real {@code redis-server} processes on free ports. The sentinels declare the
 * master down after {@link #DOWN_AFTER} without an answer, so a killed master is replaced within a
 * few seconds. Clients reach it through {@link #uri()}, which names only the sentinels.
 */
public final class RedisSentinelSetup implements AutoCloseable {
    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "fleet";
    /** How long the master may stay silent before a sentinel thinks it down. */
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);
    private static final int SENTINELS = 3;
    private static final int QUORUM = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    /** Each look runs redis-cli once per sentinel: not too often on a small machine. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final List<RedisServerProcess> servers = new ArrayList<>();
    private final List<ChildProcess> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    private RedisSentinelSetup() {
    }

    /**
     * Starts the master, its replica and the sentinels, and returns once the replica is in sync and
     * every sentinel knows the replica and the other two sentinels (a failover needs both).
     */
    public static RedisSentinelSetup start() {
        RedisServers.assumeLocalProcess("Sentinel needs redis-server and redis-cli here (sentinels and the replica "
                + "reach the master on its loopback port, which a container's port mapping would hide)");
        RedisSentinelSetup setup = new RedisSentinelSetup();
        try {
            setup.launch();
            return setup;
        } catch (RuntimeException | AssertionError e) {
            setup.close();
            throw e;
        }
    }

    private void launch() {
        // By default a master waits 5 s before a replica's first sync, for more replicas to share it.
        RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
        servers.add(master);
        RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
        servers.add(replica);
        Poll.until(READY_TIMEOUT, POLL, "the replica in sync with the master",
                () -> info(replica.port(), "replication").contains("master_link_status:up"));
        Path dir = tempDir();
        for (int i = 0; i < SENTINELS; i++) {
            int port = FreePorts.pick();
            sentinelPorts.add(port);
            sentinels.add(ChildProcess.start("sentinel-" + port,
                    List.of("redis-server", writeConfig(dir, port, master.port()).toString(), "--sentinel"), dir));
        }
        for (int port : sentinelPorts) {
            Poll.until(READY_TIMEOUT, POLL, "sentinel on port " + port + " to know the replica and its peers", () -> {
                String state = RedisCli.run(port, "SENTINEL", "MASTER", MASTER_NAME);
                return state != null && state.contains("num-slaves\n1\n")
                        && state.contains("num-other-sentinels\n" + (SENTINELS - 1) + "\n");
            });
        }
    }

    /** A sentinel rewrites its config file, so each gets one of its own. */
    private static Path writeConfig(Path dir, int port, int masterPort) {
        Path config = dir.resolve("sentinel-" + port + ".conf");
        String text = String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "protected-mode no",
                "dir " + dir,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " " + QUORUM,
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT.toMillis(),
                "");
        try {
            return Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("redis-sentinel-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String info(int port, String section) {
        String text = RedisCli.run(port, "INFO", section);
        return text == null ? "" : text;
    }

    /** A Lettuce {@code redis-sentinel://} URI naming the three sentinels and the master's name. */
    public String uri() {
        return "redis-sentinel://" + sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))
                + "/0#" + MASTER_NAME;
    }

    /** The server that was the master at start. */
    public RedisServerProcess firstMaster() {
        return servers.get(0);
    }

    /** The server that was the replica at start. */
    public RedisServerProcess firstReplica() {
        return servers.get(1);
    }

    /**
     * The server every sentinel names as the master and that says itself it is one; {@code null}
     * while they disagree (a failover in progress).
     */
    public RedisServerProcess currentMaster() {
        List<String> named = new ArrayList<>();
        for (int port : sentinelPorts) {
            String reply = RedisCli.run(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            named.add(reply == null ? "" : reply.strip());
        }
        if (named.stream().distinct().count() != 1) {
            return null;
        }
        for (RedisServerProcess server : servers) {
            if (named.get(0).equals("127.0.0.1\n" + server.port()) && info(server.port(), "replication").contains("role:master")) {
                return server;
            }
        }
        return null;
    }

    /** Waits until {@link #currentMaster()} is {@code server}: every sentinel agrees, and it took the role. */
    public void awaitMaster(RedisServerProcess server, Duration timeout) {
        Poll.until(timeout, POLL, server + " to be the master every sentinel names", () -> currentMaster() == server);
    }

    @Override
    public void close() {
        sentinels.forEach(ChildProcess::close);
        servers.forEach(RedisServerProcess::close);
    }
}
