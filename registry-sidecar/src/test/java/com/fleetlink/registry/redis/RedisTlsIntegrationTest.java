package com.fleetlink.registry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetlink.protocol.local.LocalMessage.Register;
import com.fleetlink.registry.SidecarDaemon;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.testkit.LocalClient;
import com.fleetlink.registry.testkit.SidecarHarness;
import com.fleetlink.testkit.ControlClient;
import com.fleetlink.testkit.Poll;
import com.fleetlink.testkit.RedisServer;
import com.fleetlink.testkit.RedisServers;
import com.fleetlink.testkit.TlsFiles;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a real redis-server listening for TLS with a certificate of a private
 * CA made at test time: trusted through {@code --redis-tls-ca} (with a client certificate where Redis
 * demands one), refused with one clear line when the CA is the wrong one.
 */
@Tag("integration")
class RedisTlsIntegrationTest {
    private static final String IMEI = "356307042441013";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private SidecarDaemon start(String uri, RedisTls tls) throws Exception {
        RedisSettings plain = SidecarHarness.redisSettings(uri, false);
        RedisSettings settings = new RedisSettings(uri, false, plain.commandTimeout(), plain.reconnectCap(), tls);
        return SidecarHarness.start(SidecarHarness.options("pod-a"), settings,
                LocalSocketSettings.defaults(dir.resolve("registry.sock")));
    }

    private Map<?, ?> status() throws Exception {
        return new ObjectMapper().readValue(ControlClient.request(dir.resolve("registry.sock"), "status", WAIT), Map.class);
    }

    @Test
    void privateCaAndClientCertificate_registerOverTls() throws Exception {
        TlsFiles tls = TlsFiles.generate(dir);
        try (RedisServer redis = RedisServers.startTls(tls, true)) {
            SidecarDaemon daemon = start(redis.tlsUri(), new RedisTls(tls.ca(), tls.clientCert(), tls.clientKey()));
            // The test reads back over the plain port: the sidecar itself only speaks TLS here.
            RedisClient plain = RedisClient.create(redis.uri());
            try (LocalClient ingestion = LocalClient.attachEmpty(dir.resolve("registry.sock"), "boot", WAIT);
                 StatefulRedisConnection<String, String> check = plain.connect()) {
                ingestion.send(new Register(IMEI, 1, System.currentTimeMillis(), 1));
                Poll.until(WAIT, "registered over TLS", () -> "pod-a".equals(check.sync().hget("connections:registry", IMEI)));
                assertThat(check.sync().exists("instance:heartbeat:pod-a")).isEqualTo(1L);
            } finally {
                plain.shutdown();
                daemon.close();
            }
        }
    }

    @Test
    void wrongCa_isRefusedWithOneClearLine() throws Exception {
        TlsFiles tls = TlsFiles.generate(dir);
        try (RedisServer redis = RedisServers.startTls(tls, false)) {
            SidecarDaemon daemon = start(redis.tlsUri(), new RedisTls(tls.otherCa(), null, null));
            try {
                Poll.until(WAIT, "a connection error in status", () -> {
                    try {
                        return !((Map<?, ?>) status().get("redis")).get("lastError").toString().isEmpty();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                Map<?, ?> redisState = (Map<?, ?>) status().get("redis");
                assertThat(redisState.get("connected")).isEqualTo(false);
                assertThat(redisState.get("lastError").toString())
                        .startsWith("TLS handshake failed")
                        .doesNotContain("\n");
                assertThat(redis.command("EXISTS instance:heartbeat:pod-a")).isEqualTo(":0");
            } finally {
                daemon.close();
            }
        }
    }
}
