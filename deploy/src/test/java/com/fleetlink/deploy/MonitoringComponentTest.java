package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring kit is opt-in: the base renders without it, and an overlay that lists the component
 * beside the base gets a PodMonitor that selects the base's pods and scrapes the port each container's
 * probes use (the metrics port of both the ingestion and the sidecar), a PrometheusRule and the dashboard.
 */
class MonitoringComponentTest {
    private static final Path BASE = DeployFiles.KUBERNETES.resolve("base");

    @TempDir
    static Path overlay;

    private static Kustomization withMonitoring;

    /** An overlay as docs/deploy.md shows it: the base under resources, the kit under components. */
    @BeforeAll
    static void renderAnOverlayWithTheComponent() throws Exception {
        Files.writeString(DeployFiles.kustomizationFile(overlay), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources:",
                "  - " + BASE,
                "components:",
                "  - " + DeployFiles.MONITORING,
                ""));
        withMonitoring = Kustomization.render(overlay);
    }

    private static Stream<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream());
    }

    @Test
    void base_rendersNoMonitoringObjects() {
        Kustomization base = Kustomization.render(BASE);

        assertThat(base.all(PodMonitor.class)).isEmpty();
        assertThat(base.all(PrometheusRule.class)).isEmpty();
        assertThat(base.all(ConfigMap.class)).isEmpty();
    }

    @Test
    void overlayWithTheComponent_addsPodMonitorRulesAndDashboardToTheBase() {
        assertThat(withMonitoring.one(Deployment.class, "fleetlink-ingestion")).isNotNull();
        assertThat(withMonitoring.all(PodMonitor.class)).hasSize(1);
        assertThat(withMonitoring.all(PrometheusRule.class)).hasSize(1);
        assertThat(withMonitoring.all(ConfigMap.class)).hasSize(1);
    }

    @Test
    void podMonitor_selectsTheIngestionPods_andScrapesTheProbePortOfEachContainer() {
        Deployment deployment = withMonitoring.one(Deployment.class, "fleetlink-ingestion");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PodMonitor.Spec monitor = withMonitoring.all(PodMonitor.class).get(0).getSpec();

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(monitor.selector().matchLabels());
        // The liveness probe asks the port that serves /metrics too (both daemons serve them together).
        List<String> metricsPorts = containers(pod).map(c -> c.getLivenessProbe().getHttpGet().getPort().getStrVal()).toList();
        List<String> namedPorts = containers(pod).flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName).toList();
        assertThat(metricsPorts).as("one metrics port per container, each named").hasSize(2).allMatch(namedPorts::contains);
        assertThat(monitor.podMetricsEndpoints()).extracting(PodMonitor.Endpoint::port).containsExactlyInAnyOrderElementsOf(metricsPorts);
        assertThat(monitor.podMetricsEndpoints()).allSatisfy(endpoint -> {
            assertThat(endpoint.path()).isEqualTo("/metrics");
            assertThat(endpoint.interval()).matches("[0-9]+s");
        });
    }
}
