package com.fleetlink.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A kustomization rendered by the tests themselves, so they need no kubectl: its {@code resources}
 * (files, and directories holding another kustomization, recursively) read as typed objects, and its
 * {@code secretGenerator} literals. Any other kustomize feature is refused, so using one means
 * teaching it here first rather than leaving it unchecked.
 *
 * @param objects          every object the kustomization produces, generated secrets aside
 * @param generatedSecrets secret name (before kustomize's hash suffix) to its literal keys and values
 * @param files            every file read, the kustomization files included
 */
record Kustomization(Path dir, List<HasMetadata> objects, Map<String, Map<String, String>> generatedSecrets, Set<Path> files) {
    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "resources", "secretGenerator");

    /** Renders the kustomization in {@code dir}. */
    static Kustomization render(Path dir) {
        Path file = DeployFiles.kustomizationFile(dir);
        JsonNode root = Yaml.document(file);
        String where = DeployFiles.shown(file);
        if (!root.path("apiVersion").asString("").equals("kustomize.config.k8s.io/v1beta1")
                || !root.path("kind").asString("").equals("Kustomization")) {
            throw new IllegalStateException(where + " is not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        root.propertyNames().forEach(key -> {
            if (!UNDERSTOOD.contains(key)) {
                throw new IllegalStateException(where + ": '" + key + "' is not rendered by the deploy tests; teach Kustomization.java");
            }
        });
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, Map<String, String>> secrets = new HashMap<>();
        Set<Path> files = new LinkedHashSet<>(List.of(file));
        for (JsonNode resource : root.path("resources")) {
            Path target = dir.resolve(resource.asString()).normalize();
            if (Files.isDirectory(target)) {
                Kustomization nested = render(target);
                objects.addAll(nested.objects());
                secrets.putAll(nested.generatedSecrets());
                files.addAll(nested.files());
            } else {
                for (JsonNode document : Yaml.documents(target)) {
                    objects.add(KubernetesObjects.read(document, target));
                }
                files.add(target);
            }
        }
        for (JsonNode generator : root.path("secretGenerator")) {
            secrets.put(generator.path("name").asString(), literals(generator, where));
        }
        return new Kustomization(dir, objects, secrets, files);
    }

    private static Map<String, String> literals(JsonNode generator, String where) {
        generator.propertyNames().forEach(key -> {
            if (!key.equals("name") && !key.equals("literals")) {
                throw new IllegalStateException(where + ": secretGenerator." + key + " is not rendered by the deploy tests");
            }
        });
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
