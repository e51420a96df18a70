package com.fleetlink.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * Turns manifest documents into fabric8's typed Kubernetes model, refusing what the API server would
 * refuse and the model would silently keep: an unknown kind, a wrong apiVersion for the kind, and any
 * field the model does not know (fabric8 parks those in {@code additionalProperties}, so a misspelt
 * {@code restartPolicy} would otherwise pass; the Prometheus Operator's kinds, read as
 * {@link OperatorResource}s, refuse one outright).
 */
final class KubernetesObjects {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class,
            "Service", Service.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "PodMonitor", PodMonitor.class,
            "PrometheusRule", PrometheusRule.class);
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private KubernetesObjects() {
    }

    /** Reads one document of {@code file} as its typed object. */
    static HasMetadata read(JsonNode document, Path file) {
        String where = DeployFiles.shown(file);
        String kind = document.path("kind").asString("");
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalStateException(where + ": kind '" + kind + "' is not one the deploy tests read; add it to KubernetesObjects");
        }
        String apiVersion = document.path("apiVersion").asString("");
        if (!apiVersion.equals(HasMetadata.getApiVersion(type))) {
            throw new IllegalStateException(where + ": " + kind + " has apiVersion '" + apiVersion + "', expected " + HasMetadata.getApiVersion(type));
        }
        HasMetadata object;
        try {
            object = Yaml.MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(document);
        } catch (JacksonException e) {
            throw new IllegalStateException(where + ": " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, kind, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(where + ": fields the Kubernetes model does not know: " + unknown);
        }
        return object;
    }

    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectUnknownFields(value, path + "." + key, unknown));
            return;
        }
        if (node instanceof OperatorResource<?> resource) {
            collectUnknownFields(resource.getMetadata(), path + ".metadata", unknown);
            return;
        }
        if (node == null || !node.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value = get(field, node);
                if (field.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    collectUnknownFields(value, path + "." + field.getName(), unknown);
                }
            }
        }
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
