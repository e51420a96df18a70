package com.fleetlink.registry.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSettingsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static String redacted(String uri) {
        return new RedisSettings(uri, false, TIMEOUT, TIMEOUT).redactedUri();
    }

    @Test
    void redactedUri_hidesThePasswordWhole_evenWithAtSlashOrColonInIt() {
        assertThat(redacted("redis://fleet:s3cret@10.0.0.1:6379/0")).isEqualTo("redis://fleet:***@10.0.0.1:6379/0");
        assertThat(redacted("rediss://only-password@host:6380")).isEqualTo("rediss://***@host:6380");
        assertThat(redacted("redis://fleet:p%40ss@host")).isEqualTo("redis://fleet:***@host");
        assertThat(redacted("redis://fleet:a:b@c@host")).isEqualTo("redis://fleet:***@host");
        assertThat(redacted("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void invalidUri_isRejectedWithoutQuotingThePassword() {
        assertThatThrownBy(() -> new RedisSettings("redis://fleet:bad pass word@host", false, TIMEOUT, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--redis")
                .hasMessageNotContaining("bad pass word");
    }

    @Test
    void tlsFiles_needARedissUri_andCertAndKeyComeTogether() throws Exception {
        Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-");
        assertThatThrownBy(() -> new RedisSettings("redis://host", false, TIMEOUT, TIMEOUT, new RedisTls(ca, null, null)))
                .hasMessageContaining("rediss://");
        assertThatThrownBy(() -> new RedisTls(null, ca, null)).hasMessageContaining("--redis-tls-key");
        assertThatThrownBy(() -> new RedisTls(dir.resolve("missing.pem"), null, null)).hasMessageContaining("--redis-tls-ca");
    }
}
