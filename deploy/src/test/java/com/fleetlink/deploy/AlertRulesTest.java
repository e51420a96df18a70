package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring component's PrometheusRule: read with its kind's fields only (an unknown one fails in
 * {@link KubernetesObjects}), every rule is an alert with an expression, a {@code for}, a severity, a
 * summary, a description and a runbook link to its own heading in {@code docs/operations.md}; and
 * {@code promtool check rules} accepts the groups where promtool is installed.
 */
class AlertRulesTest {
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    /** Prometheus' duration syntax, e.g. {@code 90s}, {@code 1h30m}. */
    private static final String DURATION = "([0-9]+(ms|s|m|h|d|w|y))+";
    private static final String RUNBOOKS = "docs/operations.md#";
    private static final Kustomization component = Kustomization.renderComponent(DeployFiles.MONITORING);

    private static List<PrometheusRule.Rule> rules() {
        return component.all(PrometheusRule.class).stream()
                .flatMap(file -> file.getSpec().groups().stream())
                .flatMap(group -> group.rules().stream())
                .toList();
    }

    @Test
    void everyGroup_isNamedAndHoldsRules() {
        List<PrometheusRule.RuleGroup> groups = component.all(PrometheusRule.class).stream()
                .flatMap(file -> file.getSpec().groups().stream()).toList();

        assertThat(groups).isNotEmpty().allSatisfy(group -> {
            assertThat(group.name()).isNotBlank();
            assertThat(group.rules()).as("rules of group %s", group.name()).isNotEmpty();
        });
        assertThat(groups).extracting(PrometheusRule.RuleGroup::name).doesNotHaveDuplicates();
    }

    @Test
    void everyRule_isAnAlertWithForSeveritySummaryDescriptionAndRunbook() {
        assertThat(rules()).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.alert()).as("alert name").matches("[A-Z][A-Za-z0-9]+");
            String which = "alert " + rule.alert();
            assertThat(rule.expr()).as("%s expr", which).isNotBlank();
            assertThat(rule.pendingFor()).as("%s for", which).isNotNull().matches(DURATION);
            assertThat(rule.labels()).as("%s labels", which).isNotNull();
            assertThat(rule.labels().get("severity")).as("%s severity", which).isIn(SEVERITIES);
            assertThat(rule.annotations()).as("%s annotations", which).isNotNull();
            assertThat(rule.annotations().get("summary")).as("%s summary", which).isNotBlank();
            assertThat(rule.annotations().get("description")).as("%s description", which).isNotBlank();
            assertThat(rule.annotations().get("runbook_url")).as("%s runbook_url", which)
                    .isEqualTo(RUNBOOKS + MarkdownHeadings.anchor(rule.alert()));
        });
        assertThat(rules()).extracting(PrometheusRule.Rule::alert).doesNotHaveDuplicates();
    }

    @Test
    void everyRunbookAnchor_isAHeadingOfTheOperationsDoc() {
        Set<String> headings = MarkdownHeadings.anchors(DeployFiles.OPERATIONS_DOC);

        assertThat(rules()).allSatisfy(rule -> assertThat(headings).as("headings of docs/operations.md")
                .contains(rule.annotations().get("runbook_url").substring(RUNBOOKS.length())));
    }

    @Test
    void promtool_acceptsTheRules_whereInstalled(@TempDir Path dir) throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on the PATH; the shape checks above still ran");
        List<Path> manifests = component.files().stream().filter(f -> f.toString().endsWith(".yaml")).toList();
        for (Path source : manifests) {
            for (JsonNode document : Yaml.documents(source)) {
                if (document.path("kind").asString("").equals("PrometheusRule")) {
                    // promtool reads a plain rule file: the object's spec is exactly one.
                    Path ruleFile = dir.resolve(source.getFileName());
                    Files.writeString(ruleFile, Yaml.MAPPER.writeValueAsString(document.path("spec")));
                    assertThat(run(promtool.get(), "check", "rules", ruleFile.toString())).as("promtool on %s", DeployFiles.shown(source)).isEmpty();
                }
            }
        }
    }

    /** Runs the program; empty when it exits 0, else its output. */
    private static String run(Path program, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s exited", program).isTrue();
        return process.exitValue() == 0 ? "" : output;
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
