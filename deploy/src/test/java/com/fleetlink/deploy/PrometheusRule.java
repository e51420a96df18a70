package com.fleetlink.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/** The Prometheus Operator's PrometheusRule: rule groups in the shape of a Prometheus rule file. */
@Group("monitoring.coreos.com")
@Version("v1")
final class PrometheusRule extends OperatorResource<PrometheusRule.Spec> {

    /** The rule file: its groups. */
    record Spec(List<RuleGroup> groups) {
    }

    /** A named group of rules evaluated together. */
    record RuleGroup(String name, String interval, List<Rule> rules) {
    }

    /**
     * An alerting rule (the kit has no recording rules, so {@code record} is refused as unknown).
     *
     * @param pendingFor Prometheus' {@code for}: how long the expression must hold before the alert fires
     */
    record Rule(String alert, String expr, @JsonProperty("for") String pendingFor,
                Map<String, String> labels, Map<String, String> annotations) {
    }
}
