package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator docs name the jar where the images put it: a command they run inside a container
 * ({@code kubectl exec}, {@code docker exec}, {@code docker compose exec}, {@code docker run}) and
 * any path under {@code /app} say {@link Product#JAR_IN_IMAGE}, the path the Dockerfile copies each
 * jar to (which {@link DockerfileTest} holds it to).
 */
class OperatorDocsTest {
    private static final List<Path> DOCS = List.of(DeployFiles.REPOSITORY.resolve("README.md"),
            DeployFiles.REPOSITORY.resolve("docs/deploy.md"), DeployFiles.REPOSITORY.resolve("docs/operations.md"));
    /** Fenced blocks and inline code spans; an inline span may wrap onto the next line. */
    private static final Pattern CODE = Pattern.compile("```[^\\n]*\\n(.*?)```|`([^`]+)`", Pattern.DOTALL);
    private static final Pattern IN_CONTAINER = Pattern.compile("\\b(kubectl exec|docker exec|docker run|compose(?: -f \\S+)? (?:exec|run))\\b");
    private static final Pattern JAR_ARGUMENT = Pattern.compile("-jar\\s+(\\S+)");
    private static final Pattern APP_JAR = Pattern.compile("/app/[\\w.-]+\\.jar");

    /** Each command line of the doc's code: a fenced block's lines, an inline span with its wrap undone. */
    private static List<String> commands(String doc) {
        List<String> commands = new ArrayList<>();
        Matcher code = CODE.matcher(doc);
        while (code.find()) {
            if (code.group(1) != null) {
                commands.addAll(code.group(1).lines().toList());
            } else {
                commands.add(code.group(2).replaceAll("\\s+", " "));
            }
        }
        return commands;
    }

    @Test
    void jarRunInsideAContainer_isTheJarPathTheImagesHave() throws IOException {
        int checked = 0;
        for (Path file : DOCS) {
            for (String command : commands(Files.readString(file))) {
                if (!IN_CONTAINER.matcher(command).find()) {
                    continue;
                }
                Matcher jar = JAR_ARGUMENT.matcher(command);
                while (jar.find()) {
                    assertThat(jar.group(1)).as("%s: %s", DeployFiles.shown(file), command).isEqualTo(Product.JAR_IN_IMAGE);
                    checked++;
                }
            }
        }
        assertThat(checked).as("commands that run a jar in a container (the docs show at least one)").isPositive();
    }

    @Test
    void everyJarPathUnderApp_isTheImagesJar() throws IOException {
        for (Path file : DOCS) {
            Matcher jar = APP_JAR.matcher(Files.readString(file));
            while (jar.find()) {
                assertThat(jar.group()).as("%s names a jar in the image", DeployFiles.shown(file)).isEqualTo(Product.JAR_IN_IMAGE);
            }
        }
    }
}
