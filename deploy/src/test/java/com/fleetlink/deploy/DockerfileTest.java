package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/Dockerfile}: one target per product that runs its jar's {@code run}, with settings
 * the jar reads, the ports it listens on, a health check its {@code probe} understands, and users
 * that share one group; and a build context that keeps what the build needs.
 */
class DockerfileTest {
    private static final Dockerfile dockerfile = Dockerfile.read(DeployFiles.DOCKERFILE);
    private static final String OCI = "org.opencontainers.image.";

    @Test
    void eachProductTarget_runsItsJarsRunCommandThroughAnEntrypointThatPassesJavaOpts() {
        for (Product product : Product.values()) {
            Dockerfile.Image image = dockerfile.image(product.id());
            String entrypoint = String.join(" ", image.entrypoint());
            assertThat(entrypoint).contains("exec java $" + Product.JAVA_OPTS + " -jar " + Product.JAR_IN_IMAGE);
            assertThat(image.cmd()).containsExactly("run");
            assertThat(product.hasSubcommand("run")).isTrue();
            assertThat(image.env()).containsKey(Product.JAVA_OPTS);
        }
    }

    @Test
    void eachProductTarget_copiesItsModulesJarFromTheBuildStage() throws IOException {
        String build = dockerfile.stage("build").runs.stream().filter(r -> r.contains("./mvnw")).findFirst().orElseThrow();
        for (Product product : Product.values()) {
            assertThat(build).containsPattern("-pl \\S*\\b" + product.id() + "\\b");
            assertThat(dockerfile.stage(product.id()).copies)
                    .contains("--from=build /src/" + product.id() + "/target/" + product.id() + ".jar " + Product.JAR_IN_IMAGE);
            assertThat(Files.readString(DeployFiles.REPOSITORY.resolve(product.id()).resolve("pom.xml")))
                    .contains("<finalName>" + product.id() + "</finalName>");
        }
    }

    @Test
    void everyEnvInstruction_setsAVariableTheJarReads() {
        for (Product product : Product.values()) {
            assertThat(dockerfile.image(product.id()).env().keySet())
                    .as("ENV names of the %s image not read by %s", product.id(), product.run().name())
                    .allMatch(name -> name.equals(Product.JAVA_OPTS) || product.run().readsEnv(name));
            assertThat(dockerfile.image(product.id()).env()).containsEntry("LOG_FORMAT", "json");
        }
    }

    @Test
    void exposedPorts_areExactlyThePortsTheProductListensOn() {
        EffectiveEnv ingestion = new EffectiveEnv(Product.INGESTION, Map.of(), dockerfile);
        EffectiveEnv sidecar = new EffectiveEnv(Product.REGISTRY_SIDECAR, Map.of(), dockerfile);
        assertThat(dockerfile.image(Product.INGESTION.id()).exposed())
                .containsExactlyInAnyOrder(ingestion.integer("TELTONIKA_PORT"), ingestion.integer("METRICS_PORT"));
        assertThat(dockerfile.image(Product.REGISTRY_SIDECAR.id()).exposed()).containsExactly(sidecar.integer("METRICS_PORT"));
        // One pod shares one network namespace: the two metrics ports must differ.
        assertThat(ingestion.integer("METRICS_PORT")).isNotEqualTo(sidecar.integer("METRICS_PORT"));
    }

    @Test
    void healthcheck_runsTheJarsProbeOnLivezWithFlagsItKnows_andWaitsLongerThanTheProbe() {
        for (Product product : Product.values()) {
            Dockerfile.Image image = dockerfile.image(product.id());
            List<String> command = image.healthcheck();
            assertThat(command.get(0)).isEqualTo("java");
            int jar = command.indexOf("-jar");
            assertThat(command.get(jar + 1)).isEqualTo(Product.JAR_IN_IMAGE);
            assertThat(command.get(jar + 2)).isEqualTo("probe");
            CommandSettings probe = product.subcommand("probe");
            List<String> probeArgs = command.subList(jar + 3, command.size());
            probeArgs.stream().filter(a -> a.startsWith("--")).forEach(flag ->
                    assertThat(probe.hasFlag(flag.split("=")[0])).as("probe flag %s", flag).isTrue());
            assertThat(probeArgs).containsSequence("--path", "/livez");
            // The port comes from the image's METRICS_PORT, the one the daemon serves on.
            assertThat(probe.readsEnv("METRICS_PORT")).isTrue();
            assertThat(image.env()).containsKey("METRICS_PORT");
            assertThat(Product.duration(image.healthcheckOptions().get("timeout")))
                    .isGreaterThan(Product.duration(probe.flagDefault("--timeout")));
        }
    }

    @Test
    void eachProductImage_carriesTheOciLabels_versionRevisionAndSourceFromBuildArgs_andTheLicenseFilesLicense() throws IOException {
        String license = Files.readString(DeployFiles.REPOSITORY.resolve("LICENSE"));
        assertThat(license).contains("Apache License", "Version 2.0, January 2004", "Copyright 2026 the fleetlink authors");
        List<String> titles = new ArrayList<>();
        for (Product product : Product.values()) {
            Map<String, String> labels = dockerfile.image(product.id()).labels();
            assertThat(labels).as("labels of the %s image", product.id())
                    .containsEntry(OCI + "licenses", "Apache-2.0")
                    // The parser has checked that each is an ARG of the stage that sets the label.
                    .containsEntry(OCI + "version", "${VERSION}")
                    .containsEntry(OCI + "revision", "${REVISION}")
                    .containsEntry(OCI + "source", "${SOURCE}");
            assertThat(labels.get(OCI + "title")).as("%s title", product.id()).endsWith(" " + product.id());
            assertThat(labels.get(OCI + "description")).as("%s description", product.id()).isNotBlank();
            titles.add(labels.get(OCI + "title"));
        }
        assertThat(titles).doesNotHaveDuplicates();
        assertThat(dockerfile.stage("runtime").copies).contains("LICENSE /app/LICENSE");
    }

    @Test
    void users_areDistinctNumericUidsInOneGroup() {
        String sidecar = dockerfile.image(Product.REGISTRY_SIDECAR.id()).user();
        String ingestion = dockerfile.image(Product.INGESTION.id()).user();
        assertThat(sidecar).matches("\\d+:\\d+");
        assertThat(ingestion).matches("\\d+:\\d+");
        assertThat(sidecar.split(":")[0]).isNotEqualTo(ingestion.split(":")[0]);
        assertThat(sidecar.split(":")[1]).isEqualTo(ingestion.split(":")[1]);
        assertThat(sidecar.split(":")[0]).isNotEqualTo("0");
        assertThat(ingestion.split(":")[0]).isNotEqualTo("0");
    }

    @Test
    void dockerignore_keepsEveryModulesPomAndSources_andDropsBuildOutput() throws IOException {
        List<PathMatcher> ignored = new ArrayList<>();
        for (String line : Files.readAllLines(DeployFiles.DOCKERIGNORE)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + line.strip()));
            }
        }
        List<String> needed = new ArrayList<>(List.of("pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(DeployFiles.REPOSITORY.resolve("pom.xml")));
        while (modules.find()) {
            needed.add(modules.group(1) + "/pom.xml");
            needed.add(modules.group(1) + "/src/main");
        }
        for (String path : needed) {
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                Path candidate = p;
                assertThat(ignored).as(".dockerignore drops %s, which the image build needs", path).noneMatch(m -> m.matches(candidate));
            }
        }
        assertThat(ignored).anyMatch(m -> m.matches(Path.of("ingestion/target")));
        assertThat(ignored).anyMatch(m -> m.matches(Path.of(".git")));
    }
}
