package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code deploy/compose.yaml}: Redis and the two images built from the Dockerfile's targets, sharing
 * one named volume at the socket's directory, started sidecar first and stopped ingestion first,
 * with the device port published and stop grace periods that fit each daemon's shutdown.
 */
class ComposeFileTest {
    /** {@code ${NAME:-default}}: compose substitutes the variable or takes the default. */
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}");

    private static final JsonNode compose = Yaml.document(DeployFiles.COMPOSE);
    private static final Dockerfile dockerfile = Dockerfile.read(DeployFiles.DOCKERFILE);

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("compose service %s", name).isTrue();
        return service;
    }

    /** The value as compose runs it when the user sets none of the variables it names. */
    private static String withDefaults(String value) {
        Matcher m = SUBSTITUTION.matcher(value);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
    }

    private static EffectiveEnv env(Product product) {
        Map<String, String> declared = new LinkedHashMap<>();
        service(product.id()).path("environment").properties().forEach(e -> declared.put(e.getKey(), withDefaults(e.getValue().asString())));
        return new EffectiveEnv(product, declared, dockerfile);
    }

    /** Named volume → mount path, from {@code volume:/path} entries. */
    private static Map<String, String> mounts(Product product) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service(product.id()).path("volumes")) {
            String[] parts = volume.asString().split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** Container ports the service publishes ({@code [ip:]host:container}). */
    private static List<Integer> publishedContainerPorts(Product product) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode port : service(product.id()).path("ports")) {
            String[] parts = port.asString().split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    @Test
    void services_areRedisAndEachProductBuiltFromItsDockerfileTarget() {
        assertThat(compose.path("services").propertyNames()).containsExactlyInAnyOrder("redis", "registry-sidecar", "ingestion");
        assertThat(service("redis").path("image").asString()).matches("redis:7(\\.\\d+)*");
        for (Product product : Product.values()) {
            JsonNode build = service(product.id()).path("build");
            Path context = DeployFiles.DIR.resolve(build.path("context").asString()).normalize();
            assertThat(context).isEqualTo(DeployFiles.REPOSITORY);
            assertThat(context.resolve(build.path("dockerfile").asString()).normalize()).isEqualTo(DeployFiles.DOCKERFILE);
            assertThat(dockerfile.stageNames()).contains(build.path("target").asString());
            assertThat(build.path("target").asString()).isEqualTo(product.id());
            assertThat(service(product.id()).path("image").asString()).startsWith(product.image() + ":");
            // The image's HEALTHCHECK is the one health check; a second one here could drift from it.
            assertThat(service(product.id()).has("healthcheck")).isFalse();
            assertThat(service(product.id()).has("command")).isFalse();
        }
    }

    @Test
    void socketVolume_isOneNamedVolumeAtTheSocketsDirectoryInBoth() {
        String directory = Path.of(LocalProtocol.DEFAULT_SOCKET_PATH).getParent().toString();
        String volume = null;
        for (Product product : Product.values()) {
            assertThat(env(product).get("REGISTRY_SOCKET")).isEqualTo(LocalProtocol.DEFAULT_SOCKET_PATH);
            String named = mounts(product).entrySet().stream().filter(e -> e.getValue().equals(directory))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(product.id() + " does not mount " + directory));
            assertThat(volume == null || volume.equals(named)).as("one volume for both").isTrue();
            volume = named;
        }
        assertThat(compose.path("volumes").has(volume)).as("top-level volume %s", volume).isTrue();
    }

    @Test
    void everyEnvironmentEntry_isAVariableTheJarReads_withTheImagesValueWhereItSetsOne() {
        for (Product product : Product.values()) {
            assertThat(service(product.id()).path("environment").propertyNames())
                    .allMatch(name -> name.equals(Product.JAVA_OPTS) || product.run().readsEnv(name));
        }
        assertThat(env(Product.REGISTRY_SIDECAR).get("REDIS_URL")).isEqualTo("redis://redis:6379");
        for (Product product : Product.values()) {
            assertThat(env(product).disagreementsWithTheImage()).as("%s environment against its image's ENV", product.id()).isEmpty();
        }
    }

    @Test
    void ingestion_startsAfterTheSidecarIsHealthy_soComposeStopsItFirst() {
        assertThat(service("ingestion").path("depends_on").path("registry-sidecar").path("condition").asString()).isEqualTo("service_healthy");
        assertThat(service("registry-sidecar").path("depends_on").has("redis")).isTrue();
    }

    @Test
    void publishedPorts_areTheDevicePortAndEachMetricsPort() {
        EffectiveEnv ingestion = env(Product.INGESTION);
        assertThat(publishedContainerPorts(Product.INGESTION))
                .containsExactlyInAnyOrder(ingestion.integer("TELTONIKA_PORT"), ingestion.integer("METRICS_PORT"));
        assertThat(publishedContainerPorts(Product.REGISTRY_SIDECAR)).containsExactly(env(Product.REGISTRY_SIDECAR).integer("METRICS_PORT"));
    }

    @Test
    void stopGracePeriods_coverEachDaemonsShutdown() {
        assertThat(stopGrace(Product.INGESTION)).isGreaterThanOrEqualTo(ShutdownBudget.ingestion(env(Product.INGESTION)));
        assertThat(stopGrace(Product.REGISTRY_SIDECAR)).isGreaterThanOrEqualTo(ShutdownBudget.sidecar(env(Product.REGISTRY_SIDECAR)));
    }

    @Test
    void sidecarsShutdownWait_outlastsTheIngestionsPacedDrain_whenBothGetSigtermTogether() {
        EffectiveEnv ingestion = env(Product.INGESTION);
        assertThat(ingestion.duration("TELTONIKA_DRAIN_DURATION")).as("compose paces the drain").isPositive();
        // Shorter, and the sidecar gives up on the attached ingestion mid-drain: its last unregisters are lost.
        assertThat(env(Product.REGISTRY_SIDECAR).duration("SHUTDOWN_WAIT"))
                .isGreaterThan(ShutdownBudget.ingestionUntilShutdownSent(ingestion));
    }

    private static Duration stopGrace(Product product) {
        return Product.duration(service(product.id()).path("stop_grace_period").asString("10s"));
    }
}
