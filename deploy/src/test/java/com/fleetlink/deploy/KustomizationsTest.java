package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under {@code deploy/k8s} renders into objects the Kubernetes model reads
 * without unknown fields, each Service and budget selects pods that some Deployment runs, and a
 * Secret the kustomization generates has the key its pods read.
 */
class KustomizationsTest {

    static List<Path> kustomizations() {
        return DeployFiles.kustomizations();
    }

    private static Stream<Map<String, String>> podLabels(Kustomization k) {
        return k.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getMetadata().getLabels());
    }

    private static Stream<Container> containers(Kustomization k) {
        return k.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec())
                .flatMap(pod -> Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void render_readsEveryResourceWithTheKubernetesModel_andRunsTheIngestionPod(Path dir) {
        Kustomization k = Kustomization.render(dir);

        assertThat(k.one(Deployment.class, "fleetlink-ingestion")).isNotNull();
        assertThat(k.objects()).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyServiceAndBudget_selectsThePodsOfADeployment(Path dir) {
        Kustomization k = Kustomization.render(dir);
        for (Service service : k.all(Service.class)) {
            assertThat(podLabels(k)).as("pods selected by Service %s", service.getMetadata().getName())
                    .anyMatch(labels -> labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        }
        for (PodDisruptionBudget budget : k.all(PodDisruptionBudget.class)) {
            assertThat(podLabels(k)).anyMatch(labels -> labels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void generatedSecrets_holdTheKeysThePodsRead(Path dir) {
        Kustomization k = Kustomization.render(dir);
        List<SecretKeySelector> references = containers(k).flatMap(c -> c.getEnv().stream())
                .map(EnvVar::getValueFrom).filter(from -> from != null && from.getSecretKeyRef() != null)
                .map(from -> from.getSecretKeyRef()).toList();
        for (SecretKeySelector ref : references) {
            Map<String, String> generated = k.generatedSecrets().get(ref.getName());
            if (generated != null) {
                assertThat(generated).as("secret %s generated in %s", ref.getName(), DeployFiles.shown(dir)).containsKey(ref.getKey());
            }
        }
        assertThat(k.generatedSecrets().keySet()).as("generated secrets that no pod reads")
                .allMatch(name -> references.stream().anyMatch(ref -> ref.getName().equals(name)));
    }
}
