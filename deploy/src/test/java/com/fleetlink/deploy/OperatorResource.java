package com.fleetlink.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An object of a Prometheus Operator kind ({@code monitoring.coreos.com/v1}), which fabric8's core
 * model does not hold: its metadata in the Kubernetes model, its spec in records of just the fields
 * the monitoring kit uses, so a field the records do not know fails the read (see {@link KubernetesObjects}).
 *
 * @param <S> the spec's record
 */
// Bound as the bean it is: the annotation inherited from KubernetesResource would dispatch by kind to fabric8's own classes.
@JsonDeserialize(using = ValueDeserializer.None.class)
abstract class OperatorResource<S> implements HasMetadata {
    private String apiVersion;
    private String kind;
    private ObjectMeta metadata;
    private S spec;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    public S getSpec() {
        return spec;
    }

    public void setSpec(S spec) {
        this.spec = spec;
    }
}
