package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.testkit.RedisSelection.RedisServerLocator;
import com.fleetlink.testkit.RedisSelection.Where;
import org.junit.jupiter.api.Test;

class RedisSelectionTest {
    private static final RedisServerLocator INSTALLED = () -> true;
    private static final RedisServerLocator MISSING = () -> false;
    private static final DockerProbe DOCKER = () -> true;
    private static final DockerProbe NO_DOCKER = () -> false;
    /** The default path must not touch Testcontainers: asking Docker there fails the test. */
    private static final DockerProbe MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker was asked although redis-server is installed");
    };

    @Test
    void select_whenRedisServerIsInstalled_picksTheProcessWithoutAskingDocker() {
        assertThat(RedisSelection.select(null, INSTALLED, MUST_NOT_ASK).where()).isEqualTo(Where.PROCESS);
    }

    @Test
    void select_whenRedisServerIsMissingAndDockerAnswers_picksTheContainer() {
        RedisSelection.Choice choice = RedisSelection.select(null, MISSING, DOCKER);

        assertThat(choice.where()).isEqualTo(Where.CONTAINER);
        assertThat(choice.reason()).contains("redis-server is not on the PATH");
    }

    @Test
    void select_whenNeitherIsThere_failsWithOneLineSayingWhatToInstall() {
        assertThatThrownBy(() -> RedisSelection.select(null, MISSING, NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("Docker")
                .message().doesNotContain("\n");
    }

    @Test
    void select_whenForcedToContainerWhereBothExist_picksTheContainer() {
        assertThat(RedisSelection.select("container", INSTALLED, DOCKER).where()).isEqualTo(Where.CONTAINER);
    }

    @Test
    void select_whenForcedToContainerWithoutDocker_failsSayingToStartDocker() {
        assertThatThrownBy(() -> RedisSelection.select("container", INSTALLED, NO_DOCKER))
                .hasMessageContaining(RedisSelection.PROPERTY + "=container").hasMessageContaining("Docker");
    }

    @Test
    void select_whenForcedToProcessWithoutRedisServer_failsSayingToInstallItInsteadOfUsingDocker() {
        assertThatThrownBy(() -> RedisSelection.select("process", MISSING, DOCKER))
                .hasMessageContaining("apt-get install redis-server");
    }

    @Test
    void select_whenForcedToAnUnknownValue_failsNamingTheChoices() {
        assertThatThrownBy(() -> RedisSelection.select("docker", INSTALLED, DOCKER))
                .hasMessageContaining("process").hasMessageContaining("container");
    }
}
