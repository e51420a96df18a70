package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring component's Grafana dashboard, as the ConfigMap Grafana's sidecar loads: it parses,
 * every panel asks the dashboard's Prometheus data source variable for at least one query, and the
 * panels cover what an operator looks at first (connections, handshakes, records, ACK latency, the
 * registry's lag and failures, Redis, the JVM).
 */
class GrafanaDashboardTest {
    private static final String DATASOURCE_VARIABLE = "datasource";
    private static final Kustomization component = Kustomization.renderComponent(DeployFiles.MONITORING);
    private static final List<JsonNode> dashboards = dashboards();

    private static List<JsonNode> dashboards() {
        List<JsonNode> found = new ArrayList<>();
        for (ConfigMap map : component.all(ConfigMap.class)) {
            assertThat(map.getMetadata().getLabels()).as("labels of ConfigMap %s", map.getMetadata().getName())
                    .containsEntry("grafana_dashboard", "1");
            for (Map.Entry<String, String> file : map.getData().entrySet()) {
                assertThat(file.getKey()).endsWith(".json");
                found.add(JsonMapper.shared().readTree(file.getValue()));
            }
        }
        return found;
    }

    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboards.forEach(dashboard -> dashboard.path("panels").forEach(panels::add));
        return panels;
    }

    @Test
    void dashboard_isOneConfigMapForGrafanasSidecar_withAUidAndPanels() {
        assertThat(dashboards).hasSize(1);
        JsonNode dashboard = dashboards.get(0);
        assertThat(dashboard.path("uid").asString("")).isNotBlank();
        assertThat(dashboard.path("templating").path("list").findValuesAsString("name")).contains(DATASOURCE_VARIABLE);
        assertThat(panels()).isNotEmpty();
        assertThat(panels()).extracting(panel -> panel.path("id").asInt()).doesNotHaveDuplicates();
    }

    @Test
    void everyPanel_queriesTheDataSourceVariable_withAtLeastOneTarget() {
        String variable = "${" + DATASOURCE_VARIABLE + "}";
        assertThat(panels()).allSatisfy(panel -> {
            String title = panel.path("title").asString("");
            assertThat(title).isNotBlank();
            assertThat(panel.path("datasource").path("type").asString("")).as("%s datasource type", title).isEqualTo("prometheus");
            assertThat(panel.path("datasource").path("uid").asString("")).as("%s datasource", title).isEqualTo(variable);
            assertThat(panel.path("targets").size()).as("%s targets", title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString("")).as("%s target %s", title, target.path("refId")).isNotBlank();
                assertThat(target.path("refId").asString("")).as("%s refId", title).isNotBlank();
            }
        });
    }

    @Test
    void panels_showWhatAnOperatorLooksAtFirst() {
        List<String> expressions = panels().stream().flatMap(panel -> panel.path("targets").valueStream())
                .map(target -> target.path("expr").asString("")).toList();

        assertThat(String.join("\n", expressions)).contains(
                "teltonika_connections_open", "teltonika_handshakes_total", "rate(teltonika_records_total",
                "histogram_quantile(0.99, sum by (le) (rate(teltonika_ack_latency_seconds_bucket",
                "teltonika_registry_registration_lag_seconds_bucket", "teltonika_registry_failures_total",
                "teltonika_registry_redis_connected", "jvm_memory_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_current");
    }
}
