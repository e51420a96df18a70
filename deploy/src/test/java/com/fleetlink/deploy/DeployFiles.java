package com.fleetlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Where the deployment files are: the {@code deploy} directory this module lives in, and the repository around it. */
final class DeployFiles {
    /** The deploy directory (surefire passes it; the module's base directory otherwise). */
    static final Path DIR = Path.of(System.getProperty("deploy.dir", "")).toAbsolutePath().normalize();
    /** The repository root, the images' build context. */
    static final Path REPOSITORY = DIR.getParent();
    static final Path DOCKERFILE = DIR.resolve("Dockerfile");
    static final Path COMPOSE = DIR.resolve("compose.yaml");
    static final Path KUBERNETES = DIR.resolve("k8s");
    /** Kustomize components: added by an overlay that lists them, never applied on their own. */
    static final Path COMPONENTS = KUBERNETES.resolve("components");
    /** The opt-in monitoring kit: PodMonitor, PrometheusRule and the Grafana dashboard. */
    static final Path MONITORING = COMPONENTS.resolve("monitoring");
    /** The operator docs that hold the alerts' runbooks. */
    static final Path OPERATIONS_DOC = REPOSITORY.resolve("docs/operations.md");
    static final Path DOCKERIGNORE = REPOSITORY.resolve(".dockerignore");
    private static final String KUSTOMIZATION = "kustomization.yaml";

    /** This Maven module's own files, which are not deployment material. */
    private static final Set<Path> MODULE = Set.of(DIR.resolve("pom.xml"), DIR.resolve("src"), DIR.resolve("target"));

    private DeployFiles() {
    }

    /** Every file under {@code deploy/} that is not part of this test module. */
    static List<Path> deploymentFiles() {
        try (Stream<Path> walk = Files.walk(DIR)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> MODULE.stream().noneMatch(p::startsWith))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every directory under {@code deploy/k8s}, components aside, with a kustomization: each is something a user may apply. */
    static List<Path> kustomizations() {
        return kustomizationDirs().filter(dir -> !dir.startsWith(COMPONENTS)).toList();
    }

    /** Every directory under {@code deploy/k8s/components} with a kustomization: each is something an overlay may add. */
    static List<Path> components() {
        return kustomizationDirs().filter(dir -> dir.startsWith(COMPONENTS)).toList();
    }

    private static Stream<Path> kustomizationDirs() {
        return deploymentFiles().stream()
                .filter(p -> p.startsWith(KUBERNETES) && p.getFileName().toString().equals(KUSTOMIZATION))
                .map(Path::getParent);
    }

    /** The kustomization file of a directory. */
    static Path kustomizationFile(Path dir) {
        return dir.resolve(KUSTOMIZATION);
    }

    /** {@code path} relative to the repository, for messages. */
    static String shown(Path path) {
        return REPOSITORY.relativize(path).toString();
    }
}
