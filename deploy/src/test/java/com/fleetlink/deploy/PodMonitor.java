package com.fleetlink.deploy;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/** The Prometheus Operator's PodMonitor: which pods to scrape and on which of their named ports. */
@Group("monitoring.coreos.com")
@Version("v1")
final class PodMonitor extends OperatorResource<PodMonitor.Spec> {

    /** The pods, by label, and the endpoints scraped on each. */
    record Spec(Selector selector, List<Endpoint> podMetricsEndpoints) {
    }

    /** A label selector; {@code matchExpressions} is not used by the kit, so it is not read either. */
    record Selector(Map<String, String> matchLabels) {
    }

    /** One scraped endpoint: a container port by name, the path and how often. */
    record Endpoint(String port, String path, String interval) {
    }
}
