package com.fleetlink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.testkit.KafkaBrokerSelection.Starter;
import org.junit.jupiter.api.Test;

class KafkaBrokerSelectionTest {
    private static final Starter<String> IN_PROCESS = () -> "in-process";
    private static final Starter<String> CONTAINER = () -> "container";
    private static final Starter<String> FAILING_IN_PROCESS = () -> {
        throw new IllegalStateException("log dir not writable");
    };
    private static final DockerProbe DOCKER = () -> true;
    private static final DockerProbe NO_DOCKER = () -> false;
    /** The default path must not touch Testcontainers: asking Docker there fails the test. */
    private static final DockerProbe MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker was asked although the in-process broker started");
    };

    @Test
    void start_byDefault_startsTheInProcessBrokerWithoutAskingDocker() throws Exception {
        assertThat(KafkaBrokerSelection.start(null, IN_PROCESS, MUST_NOT_ASK, CONTAINER)).isEqualTo("in-process");
    }

    @Test
    void start_whenTheInProcessBrokerFailsAndDockerAnswers_startsTheContainer() throws Exception {
        assertThat(KafkaBrokerSelection.start(null, FAILING_IN_PROCESS, DOCKER, CONTAINER)).isEqualTo("container");
    }

    @Test
    void start_whenTheInProcessBrokerFailsWithoutDocker_throwsItsFailure() {
        assertThatThrownBy(() -> KafkaBrokerSelection.start(null, FAILING_IN_PROCESS, NO_DOCKER, CONTAINER))
                .hasMessage("log dir not writable");
    }

    @Test
    void start_whenForcedToContainer_startsTheContainer() throws Exception {
        assertThat(KafkaBrokerSelection.start("container", IN_PROCESS, DOCKER, CONTAINER)).isEqualTo("container");
    }

    @Test
    void start_whenForcedToContainerWithoutDocker_failsSayingToStartDocker() {
        assertThatThrownBy(() -> KafkaBrokerSelection.start("container", IN_PROCESS, NO_DOCKER, CONTAINER))
                .hasMessageContaining("Docker");
    }
}
