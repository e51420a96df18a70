package com.fleetlink.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every PromQL query of the monitoring kit in {@code deploy/}: the expression of each rule in each
 * PrometheusRule manifest, and each target of each panel of each Grafana dashboard ({@code *.json}).
 */
public final class MonitoringQueries {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new JsonMapper();

    /**
     * One query and where it is.
     *
     * @param where the file and the alert or panel, for messages
     * @param group the rule group's name; empty for a dashboard's
     */
    public record Query(String where, String group, String expr) {
    }

    private MonitoringQueries() {
    }

    /** The queries of every manifest and dashboard in {@code dir}. */
    public static List<Query> in(Path dir) {
        List<Query> queries = new ArrayList<>();
        for (Path file : files(dir)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
                dashboard(file, queries);
            } else if (name.endsWith(".yaml")) {
                rules(file, queries);
            }
        }
        return queries;
    }

    private static void dashboard(Path file, List<Query> queries) {
        for (JsonNode panel : read(JSON, file).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(file.getFileName() + " panel '" + panel.path("title").asText() + "'", "", target.path("expr").asText()));
            }
        }
    }

    private static void rules(Path file, List<Query> queries) {
        JsonNode manifest = read(YAML, file);
        if (!manifest.path("kind").asText().equals("PrometheusRule")) {
            return;
        }
        for (JsonNode group : manifest.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queries.add(new Query(file.getFileName() + " alert " + rule.path("alert").asText(), group.path("name").asText(),
                        rule.path("expr").asText()));
            }
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
