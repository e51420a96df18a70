package com.fleetlink.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A kustomization rendered by the tests themselves, so they need no kubectl: its {@code resources}
 * (files, and directories holding another kustomization, recursively) and {@code components}
 * (directories holding a {@code Component}) read as typed objects, the ConfigMaps its
 * {@code configMapGenerator} makes from files, and its {@code secretGenerator} literals. Any other
 * kustomize feature is refused, so using one means teaching it here first rather than leaving it unchecked.
 *
 * @param objects          every object the kustomization produces (generated ConfigMaps included), generated secrets aside
 * @param generatedSecrets secret name (before kustomize's hash suffix) to its literal keys and values
 * @param files            every file read, the kustomization files included
 */
record Kustomization(Path dir, List<HasMetadata> objects, Map<String, Map<String, String>> generatedSecrets, Set<Path> files) {
    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "resources", "components",
            "configMapGenerator", "secretGenerator");
    private static final String KUSTOMIZATION = "kustomize.config.k8s.io/v1beta1 Kustomization";
    private static final String COMPONENT = "kustomize.config.k8s.io/v1alpha1 Component";

    /** Renders the kustomization in {@code dir}. */
    static Kustomization render(Path dir) {
        return render(dir, KUSTOMIZATION);
    }

    /** Renders the component in {@code dir} on its own, as an overlay listing it would add it. */
    static Kustomization renderComponent(Path dir) {
        return render(dir, COMPONENT);
    }

    private static Kustomization render(Path dir, String expectedKind) {
        Path file = DeployFiles.kustomizationFile(dir);
        JsonNode root = Yaml.document(file);
        String where = DeployFiles.shown(file);
        String kind = root.path("apiVersion").asString("") + " " + root.path("kind").asString("");
        if (!kind.equals(expectedKind)) {
            throw new IllegalStateException(where + " is not a " + expectedKind);
        }
        understood(root, UNDERSTOOD, where);
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, Map<String, String>> secrets = new HashMap<>();
        Set<Path> files = new LinkedHashSet<>(List.of(file));
        for (JsonNode resource : root.path("resources")) {
            Path target = dir.resolve(resource.asString()).normalize();
            if (Files.isDirectory(target)) {
                render(target, KUSTOMIZATION).addTo(objects, secrets, files);
            } else {
                for (JsonNode document : Yaml.documents(target)) {
                    objects.add(KubernetesObjects.read(document, target));
                }
                files.add(target);
            }
        }
        for (JsonNode component : root.path("components")) {
            render(dir.resolve(component.asString()).normalize(), COMPONENT).addTo(objects, secrets, files);
        }
        for (JsonNode generator : root.path("configMapGenerator")) {
            objects.add(configMap(dir, generator, where, files));
        }
        for (JsonNode generator : root.path("secretGenerator")) {
            secrets.put(generator.path("name").asString(), literals(generator, where));
        }
        return new Kustomization(dir, objects, secrets, files);
    }

    private void addTo(List<HasMetadata> allObjects, Map<String, Map<String, String>> allSecrets, Set<Path> allFiles) {
        allObjects.addAll(objects);
        allSecrets.putAll(generatedSecrets);
        allFiles.addAll(files);
    }

    /** A ConfigMap from files ({@code KEY=PATH} or {@code PATH}, keyed by its file name) with {@code options.labels}. */
    private static ConfigMap configMap(Path dir, JsonNode generator, String where, Set<Path> files) {
        understood(generator, Set.of("name", "files", "options"), where + " configMapGenerator");
        understood(generator.path("options"), Set.of("labels"), where + " configMapGenerator.options");
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode entry : generator.path("files")) {
            String[] keyAndPath = entry.asString().split("=", 2);
            Path source = dir.resolve(keyAndPath[keyAndPath.length - 1]).normalize();
            String key = keyAndPath.length > 1 ? keyAndPath[0] : source.getFileName().toString();
            data.put(key, read(source));
            files.add(source);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        generator.path("options").path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        return new ConfigMapBuilder().withNewMetadata().withName(generator.path("name").asString()).withLabels(labels).endMetadata()
                .withData(data).build();
    }

    private static void understood(JsonNode node, Set<String> keys, String where) {
        node.propertyNames().forEach(key -> {
            if (!keys.contains(key)) {
                throw new IllegalStateException(where + ": '" + key + "' is not rendered by the deploy tests; teach Kustomization.java");
            }
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> literals(JsonNode generator, String where) {
        understood(generator, Set.of("name", "literals"), where + " secretGenerator");
        Map<String, String> literals = new HashMap<>();
        for (JsonNode literal : generator.path("literals")) {
            String[] pair = literal.asString().split("=", 2);
            literals.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        return literals;
    }

    /** The single object of this kind and name. */
    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(DeployFiles.shown(dir) + " renders " + found.size() + " " + type.getSimpleName() + " named " + name);
        }
        return found.get(0);
    }

    /** Every object of this kind. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
