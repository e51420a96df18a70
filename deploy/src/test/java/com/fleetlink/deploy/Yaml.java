package com.fleetlink.deploy;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML as strictly as the Kubernetes API server and compose do where it matters: a number or a
 * boolean is never accepted where a string is expected (an unquoted {@code value: 9400} in an env
 * entry is refused by the API server, so it must fail here too).
 */
final class Yaml {
    /** The one mapper for manifests; fabric8's model classes are written against Jackson 3. */
    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Yaml() {
    }

    /** Every document of a file (manifests may hold several, separated by {@code ---}). */
    static List<JsonNode> documents(Path file) {
        return MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
                .filter(node -> !node.isNull() && !node.isMissingNode())
                .toList();
    }

    /** The single document of a file. */
    static JsonNode document(Path file) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(DeployFiles.shown(file) + " holds " + documents.size() + " documents, expected 1");
        }
        return documents.get(0);
    }
}
