package com.fleetlink.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fleetlink.testkit.JavaProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's JVM options as the pod runs them, read from the Kustomize base's Deployment: the
 * container's {@code JAVA_OPTS}, after {@code -XX:MaxRAM} and {@code -XX:ActiveProcessorCount}
 * taken from its memory and CPU limits. In the pod the JVM sizes its heap, picks its collector and
 * counts its threads from the cgroup; a benchmark has no cgroup, so without these two a
 * percentage of the heap would be one of this machine's memory. One source of truth: the manifest
 * is the only place the options are written, so the benchmark cannot measure a JVM the pod does not run.
 */
public final class PodJvm {
    /** The Kustomize base's Deployment, relative to the repository root (where {@code bench/report} runs). */
    public static final Path MANIFEST = Path.of("deploy", "k8s", "base", "deployment.yaml");
    static final String SIDECAR = "registry-sidecar";
    static final String INGESTION = "ingestion";
    private static final Map<String, Integer> BINARY_SHIFTS = Map.of("Ki", 10, "Mi", 20, "Gi", 30);

    private PodJvm() {
    }

    /** The registry sidecar's options in {@link #MANIFEST}, as one line. */
    public static String sidecar() {
        return String.join(" ", options(MANIFEST, SIDECAR));
    }

    /** The ingestion's options in {@link #MANIFEST}, as one line. */
    public static String ingestion() {
        return String.join(" ", options(MANIFEST, INGESTION));
    }

    /** {@code -XX:MaxRAM=<memory limit in bytes> -XX:ActiveProcessorCount=<CPU limit rounded up> JAVA_OPTS...}. */
    static List<String> options(Path manifest, String name) {
        JsonNode container = container(read(manifest), name);
        JsonNode limits = container.path("resources").path("limits");
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxRAM=" + bytes(required(limits, "memory", name)));
        options.add("-XX:ActiveProcessorCount=" + processors(required(limits, "cpu", name)));
        options.addAll(JavaProgram.options(env(container, "JAVA_OPTS", name)));
        return options;
    }

    private static JsonNode read(Path manifest) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the pod's manifest " + manifest, e);
        }
    }

    private static JsonNode container(JsonNode deployment, String name) {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path(list)) {
                if (name.equals(container.path("name").asText())) {
                    return container;
                }
            }
        }
        throw new IllegalStateException("the pod's manifest has no container named " + name);
    }

    private static String env(JsonNode container, String variable, String name) {
        for (JsonNode var : container.path("env")) {
            if (variable.equals(var.path("name").asText())) {
                return var.path("value").asText();
            }
        }
        throw new IllegalStateException(name + " sets no " + variable + " in the pod's manifest");
    }

    private static String required(JsonNode limits, String resource, String name) {
        String value = limits.path(resource).asText();
        if (value.isEmpty()) {
            throw new IllegalStateException(name + " has no " + resource + " limit in the pod's manifest");
        }
        return value;
    }

    /** A Kubernetes memory quantity in bytes: a plain number, or one with a binary suffix (Ki, Mi, Gi). */
    static long bytes(String quantity) {
        for (Map.Entry<String, Integer> suffix : BINARY_SHIFTS.entrySet()) {
            if (quantity.endsWith(suffix.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << suffix.getValue();
            }
        }
        return Long.parseLong(quantity);
    }

    /** A Kubernetes CPU quantity rounded up to whole processors, as the JVM reads a CPU quota. */
    static int processors(String quantity) {
        BigDecimal cores = quantity.endsWith("m")
                ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointLeft(3)
                : new BigDecimal(quantity);
        return cores.setScale(0, RoundingMode.CEILING).intValueExact();
    }
}
