package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing under {@code deploy/} escapes the tests: every file is the Dockerfile, the compose file, a
 * kustomization or component, or a resource or generator file one of them lists. A manifest added but not listed (so kubectl
 * would not apply it either) or a new kind of file fails here until a test reads it.
 */
class DeployFilesTest {

    @Test
    void everyFileUnderDeploy_isReadByTheDeployTests() {
        Set<Path> read = new HashSet<>(List.of(DeployFiles.DOCKERFILE, DeployFiles.COMPOSE));
        for (Path dir : DeployFiles.kustomizations()) {
            read.addAll(Kustomization.render(dir).files());
        }
        for (Path dir : DeployFiles.components()) {
            read.addAll(Kustomization.renderComponent(dir).files());
        }

        List<String> unread = DeployFiles.deploymentFiles().stream().filter(f -> !read.contains(f)).map(DeployFiles::shown).toList();

        assertThat(unread).as("files under deploy/ that no deploy test reads").isEmpty();
    }

    @Test
    void kustomizations_areTheBaseAndTheLocalOverlay() {
        assertThat(DeployFiles.kustomizations()).extracting(dir -> DeployFiles.KUBERNETES.relativize(dir).toString())
                .containsExactlyInAnyOrder("base", "overlays/local");
    }

    @Test
    void components_areTheMonitoringKit() {
        assertThat(DeployFiles.components()).containsExactly(DeployFiles.MONITORING);
    }
}
