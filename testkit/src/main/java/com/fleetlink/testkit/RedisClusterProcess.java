package com.fleetlink.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster on loopback, built from {@link RedisServerProcess}es and joined with
 * {@code redis-cli --cluster create}: three masters, and optionally one replica of each, so a test
 * can kill a master and watch its replica take over.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int MASTERS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts three masters and waits until the cluster reports {@code cluster_state:ok}. */
    public static RedisClusterProcess start() throws IOException, InterruptedException {
        return start(0, Duration.ofSeconds(2));
    }

    /**
     * Starts three masters with one replica each and waits until the cluster reports
     * {@code cluster_state:ok} and every replica is in sync.
     *
     * @param nodeTimeout {@code cluster-node-timeout}: how long a silent master stays a master
     */
    public static RedisClusterProcess startWithReplicas(Duration nodeTimeout) throws IOException, InterruptedException {
        RedisClusterProcess cluster = start(1, nodeTimeout);
        try {
            for (RedisServerProcess n : cluster.nodes) {
                Poll.until(READY_TIMEOUT, POLL, n + " in sync or a master", () -> {
                    String info = info(n);
                    return info.contains("role:master") || info.contains("master_link_status:up");
                });
            }
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private static RedisClusterProcess start(int replicas, Duration nodeTimeout) throws IOException, InterruptedException {
        RedisServers.assumeLocalProcess("a Redis Cluster needs redis-server and redis-cli here (its nodes announce "
                + "their own loopback ports, which a container's port mapping would hide)");
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            // A master waits 5 s by default before a replica's first sync, for more replicas to share it.
            for (int i = 0; i < MASTERS * (1 + replicas); i++) {
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
                        "--repl-diskless-sync-delay", "0"));
            }
            List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
            command.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes());
            if (create.waitFor() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + output);
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            Poll.until(READY_TIMEOUT, POLL, "cluster_state:ok", cluster::isOk);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            for (RedisServerProcess n : nodes) {
                n.close();
            }
            throw e;
        }
    }

    private static String info(RedisServerProcess node) {
        String text = RedisCli.run(node.port(), "INFO", "replication");
        return text == null ? "" : text;
    }

    /** Every node answers and the first live one reports {@code cluster_state:ok}. */
    private boolean isOk() {
        for (RedisServerProcess n : nodes) {
            if (n.command("CLUSTER INFO") == null) {
                return false;
            }
        }
        String info = RedisCli.run(nodes.get(0).port(), "CLUSTER", "INFO");
        return info != null && info.contains("cluster_state:ok");
    }

    /**
     * The master serving {@code key}'s slot as every node that answers sees it, once the cluster is
     * {@code ok} on each of them; {@code null} while they disagree or the slot is not served. A
     * killed node does not answer and has no say; do not ask while a node is paused.
     */
    public RedisServerProcess masterOf(String key) {
        RedisServerProcess agreed = null;
        for (RedisServerProcess n : nodes) {
            String state = RedisCli.run(n.port(), "CLUSTER", "INFO");
            if (state == null) {
                continue;
            }
            String slot = RedisCli.run(n.port(), "CLUSTER", "KEYSLOT", key);
            String view = RedisCli.run(n.port(), "CLUSTER", "NODES");
            if (!state.contains("cluster_state:ok") || slot == null || view == null) {
                return null;
            }
            RedisServerProcess seen = ClusterNodes.parse(view).masterOfSlot(Integer.parseInt(slot.strip()))
                    .map(this::byPort).orElse(null);
            if (seen == null || (agreed != null && agreed != seen)) {
                return null;
            }
            agreed = seen;
        }
        return agreed;
    }

    /** The replica of {@code master}, as {@code master} itself sees it. */
    public RedisServerProcess replicaOf(RedisServerProcess master) {
        String view = RedisCli.run(master.port(), "CLUSTER", "NODES");
        if (view == null) {
            throw new IllegalStateException(master + " does not answer CLUSTER NODES");
        }
        return ClusterNodes.parse(view).replicaOfMyself().map(this::byPort)
                .orElseThrow(() -> new IllegalStateException(master + " has no replica:\n" + view));
    }

    private RedisServerProcess byPort(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElse(null);
    }

    /** A Lettuce URI of one seed node. */
    public String uri() {
        return nodes.get(0).uri();
    }

    /** The Lettuce URIs of every node, for a client that must find the cluster whichever node is gone. */
    public List<String> uris() {
        return nodes.stream().map(RedisServerProcess::uri).toList();
    }

    @Override
    public void close() {
        for (RedisServerProcess n : nodes) {
            n.close();
        }
    }
}
