package com.fleetlink.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage.Hello;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.protocol.local.LocalMessage.Snapshot;
import com.fleetlink.protocol.local.LocalMessage.Unregister;
import com.fleetlink.protocol.local.LocalMessage.Welcome;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisClusterProcess;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar against Redis set up the ways operators run it: ACL users with passwords, and Redis Cluster. */
@Tag("integration")
class RedisDeploymentsIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static SidecarDaemon start(String uri, boolean cluster, Path socket) throws Exception {
        return SidecarHarness.start(SidecarHarness.options("pod-a"), uri, cluster, socket);
    }

    /** Registers, checks, unregisters, checks, through the socket; {@code owner} reads the field from Redis. */
    private static void registerAndUnregister(Path socket, Function<String, String> owner) throws Exception {
        try (LocalClient ingestion = LocalClient.connect(socket)) {
            ingestion.send(new Hello(1, 1, "boot"));
            ingestion.await(Welcome.class, WAIT);
            ingestion.send(new Snapshot("s", List.of(), true));
            ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
            Poll.until(WAIT, "registered", () -> "pod-a".equals(owner.apply(IMEI)));
            ingestion.send(new Unregister(IMEI, 1, System.currentTimeMillis(), 2, "closed"));
            Poll.until(WAIT, "unregistered", () -> Objects.isNull(owner.apply(IMEI)));
        }
    }

    @Test
    void aclUserWithPassword_works_andThePasswordNeverShowsInStatus() throws Exception {
        try (RedisServer redis = RedisServers.start("--user", "default", "off",
                "--user", "fleet", "on", ">s3cret-pass", "~*", "&*", "+@all")) {
            String uri = "redis://fleet:s3cret-pass@" + redis.host() + ":" + redis.port();
            Path socket = dir.resolve("acl.sock");
            SidecarDaemon daemon = start(uri, false, socket);
            RedisClient client = RedisClient.create(uri);
            try (var connection = client.connect()) {
                registerAndUnregister(socket, imei -> connection.sync().hget("connections:registry", imei));
                try (LocalClient operator = LocalClient.connect(socket)) {
                    operator.write("{\"type\":\"status\"}\n".getBytes(StandardCharsets.UTF_8));
                    String reply = operator.nextLine(WAIT);
                    assertThat(reply).doesNotContain("s3cret-pass");
                    Map<?, ?> redisState = (Map<?, ?>) new ObjectMapper().readValue(reply, Map.class).get("redis");
                    assertThat(redisState.get("uri")).isEqualTo("redis://fleet:***@" + redis.host() + ":" + redis.port());
                }
            } finally {
                client.shutdown();
                daemon.close();
            }
        }
    }

    @Test
    void redisCluster_works() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            Path socket = dir.resolve("cluster.sock");
            SidecarDaemon daemon = start(cluster.uri(), true, socket);
            RedisClusterClient client = RedisClusterClient.create(cluster.uri());
            try (var connection = client.connect()) {
                registerAndUnregister(socket, imei -> connection.sync().hget("connections:registry", imei));
                Poll.until(WAIT, "heartbeat in the cluster", () -> connection.sync().exists("instance:heartbeat:pod-a") == 1);
            } finally {
                client.shutdown();
                daemon.close();
            }
        }
    }
}
