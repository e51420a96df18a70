package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisServersTest {
    @Test
    void start_whereRedisServerIsInstalled_givesALocalProcessThatAnswersAndSurvivesARestart() {
        try (RedisServer redis = RedisServers.start()) {
            assertThat(redis).isInstanceOf(RedisServerProcess.class);
            assertThat(redis.command("SET k v")).isEqualTo("+OK");

            redis.restartEmpty();

            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("GET k")).isEqualTo("$-1");
        }
    }
}
