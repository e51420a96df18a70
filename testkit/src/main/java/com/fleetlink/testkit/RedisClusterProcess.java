package com.fleetlink.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real three-master Redis Cluster on loopback, built from {@link RedisServerProcess}es and joined
 * with {@code redis-cli --cluster create}.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts three masters and waits until the cluster reports {@code cluster_state:ok}. */
    public static RedisClusterProcess start() throws IOException, InterruptedException {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"));
            }
            List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
            command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(create.getInputStream().readAllBytes());
            if (create.waitFor() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + output);
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            Poll.until(Duration.ofSeconds(20), "cluster_state:ok", cluster::isOk);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            for (RedisServerProcess n : nodes) {
                n.close();
            }
            throw e;
        }
    }

    private boolean isOk() {
        for (RedisServerProcess n : nodes) {
            String reply = n.command("CLUSTER INFO");
            if (reply == null) {
                return false;
            }
        }
        try {
            Process info = new ProcessBuilder("redis-cli", "-p", Integer.toString(nodes.get(0).port()), "cluster", "info")
                    .redirectErrorStream(true).start();
            String text = new String(info.getInputStream().readAllBytes());
            info.waitFor();
            return text.contains("cluster_state:ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A Lettuce URI of one seed node. */
    public String uri() {
        return nodes.get(0).uri();
    }

    @Override
    public void close() {
        for (RedisServerProcess n : nodes) {
            n.close();
        }
    }
}
